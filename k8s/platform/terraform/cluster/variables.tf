variable "state_bucket" {
  description = "The S3 bucket that holds the network stage's state (the bucket of ../backend.hcl)."
  type        = string
}

variable "network_state_key" {
  description = "The network stage's state key in that bucket."
  type        = string
  default     = "o11y-demo/network.tfstate"
}

variable "admin_principal_arns" {
  description = "IAM users or roles that get cluster-admin access through EKS access entries (e.g. your SSO role)."
  type        = list(string)
}

variable "load_balancer_controller_policy" {
  description = "The load balancer controller's IAM policy file, AWS's iam_policy.json for the controller version charts.sh installs (docs/eks.md: one curl); null: aws-load-balancer-controller.iam.json in this folder."
  type        = string
  default     = null
}
