variable "cidr" {
  description = "The VPC's address range; the public subnets are its first three /19s, as eksctl lays them out."
  type        = string
  default     = "192.168.0.0/16"
}
