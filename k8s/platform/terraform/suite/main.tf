# What both stages read from the rest of the repository, read once: cluster.yaml (the name, region, version pin, node
# group and policies) and the suite's cost labels (k8s/components/eks), which every resource carries as tags.
locals {
  platform = yamldecode(file("${path.module}/../../cluster.yaml"))
  labels   = merge([for label in yamldecode(file("${path.module}/../../../components/eks/kustomization.yaml")).labels : label.pairs]...)
}

output "platform" {
  description = "cluster.yaml, decoded."
  value       = local.platform
}

output "cost_tags" {
  description = "The team and cost-center labels of the suite's pods, as tags."
  value       = { for key, value in local.labels : key => value if contains(["team", "cost-center"], key) }
}
