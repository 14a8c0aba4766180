output "cluster_name" {
  description = "For install.sh (CLUSTER_NAME)."
  value       = aws_eks_cluster.this.name
}

output "region" {
  description = "For install.sh (AWS_REGION)."
  value       = local.platform.metadata.region
}

output "vpc_id" {
  description = "For install.sh: the load balancer controller's vpcId."
  value       = local.network.vpc_id
}

output "kubeconfig_command" {
  description = "Points kubectl at the cluster."
  value       = "aws eks update-kubeconfig --name ${aws_eks_cluster.this.name} --region ${local.platform.metadata.region}"
}

output "cost_tags" {
  description = "The tags every taggable resource carries (default_tags): the suite's cost labels."
  value       = local.cost_tags
}
