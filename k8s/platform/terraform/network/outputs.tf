output "vpc_id" {
  description = "The VPC, for the cluster stage and for install.sh (the load balancer controller's vpcId)."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "Where the nodes run."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Where the ALB runs."
  value       = aws_subnet.public[*].id
}

output "cost_tags" {
  description = "The tags every taggable resource carries (default_tags): the suite's cost labels."
  value       = local.cost_tags
}
