# Offline plan of the cluster stage with a mocked AWS provider and the network stage's outputs given (no account,
# no state bucket). EksTerraformTests runs it with what it reads from cluster.yaml and the rendered overlays:
# suite_memory_mib, platform_memory_mib, node_memory_mib, instance_type, version_pin, pod_roles
# ({service account = namespace}) and cost_tags. The load balancer controller's policy is a stand-in file here:
# the real one is AWS's, downloaded at install time (docs/eks.md).
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
}

override_data {
  target = data.terraform_remote_state.network
  values = {
    outputs = {
      vpc_id             = "vpc-0123456789abcdef0"
      private_subnet_ids = ["subnet-private-a", "subnet-private-b", "subnet-private-c"]
      public_subnet_ids  = ["subnet-public-a", "subnet-public-b", "subnet-public-c"]
    }
  }
}

variables {
  state_bucket                    = "state-bucket-of-the-test"
  admin_principal_arns            = ["arn:aws:iam::123456789012:role/Admin"]
  load_balancer_controller_policy = "tests/load-balancer-controller.stand-in.json"
}

run "the_cluster_runs_the_pinned_version_on_standard_support_only" {
  command = plan

  assert {
    condition     = aws_eks_cluster.this.version == var.version_pin
    error_message = "the cluster's version must be cluster.yaml's metadata.version, the one pin"
  }
  assert {
    condition     = aws_eks_cluster.this.upgrade_policy[0].support_type == "STANDARD"
    error_message = "a cluster left on extended support costs more per hour"
  }
  assert {
    condition     = contains(keys(aws_eks_addon.this), "metrics-server") && contains(keys(aws_eks_addon.this), "eks-pod-identity-agent")
    error_message = "the HPAs need the metrics API, the pods' roles the Pod Identity agent"
  }
  assert {
    condition     = length(aws_eks_addon.this) == length(var.addons) && alltrue([for addon in var.addons : contains(keys(aws_eks_addon.this), addon)])
    error_message = "the add-ons must be cluster.yaml's"
  }
  assert {
    condition     = alltrue([for addon in aws_eks_addon.this : addon.resolve_conflicts_on_create == "OVERWRITE"])
    error_message = "an add-on must take over the copy EKS bootstraps (vpc-cni, kube-proxy, CoreDNS) instead of failing the first apply"
  }
}

run "the_nodes_hold_the_suite_and_the_platform" {
  command = plan

  assert {
    condition     = one(aws_eks_node_group.default.instance_types) == var.instance_type
    error_message = "the node group must use cluster.yaml's instance type"
  }
  assert {
    condition     = aws_eks_node_group.default.scaling_config[0].min_size * var.node_memory_mib * 8 / 10 > var.suite_memory_mib + var.platform_memory_mib
    error_message = "the smallest node group must hold the suite's memory limits and the platform within 80 % of its memory"
  }
  assert {
    condition     = aws_launch_template.nodes.block_device_mappings[0].ebs[0].volume_type == "gp3" && aws_launch_template.nodes.block_device_mappings[0].ebs[0].encrypted == "true"
    error_message = "the nodes' volumes are encrypted gp3, as cluster.yaml's"
  }
}

run "every_pod_role_trusts_exactly_its_namespace_and_service_account" {
  command = plan

  assert {
    condition     = toset(keys(aws_iam_role.pod)) == toset(keys(var.pod_roles))
    error_message = "one role per service account that needs AWS: the controller, YACE, the EBS CSI driver and the aws-secrets variant's six"
  }
  assert {
    condition = alltrue([for account, role in aws_iam_role.pod :
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-namespace"] == var.pod_roles[account] &&
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"] == account &&
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/eks-cluster-name"] == aws_eks_cluster.this.name &&
      jsondecode(role.assume_role_policy).Statement[0].Principal.Service == "pods.eks.amazonaws.com" &&
      length(jsondecode(role.assume_role_policy).Statement) == 1
    ])
    error_message = "a pod role's trust must name its one namespace, service account and cluster"
  }
  assert {
    condition = alltrue([for account, association in aws_eks_pod_identity_association.pod :
    association.namespace == var.pod_roles[account] && association.service_account == account])
    error_message = "each association binds the role to the service account its trust names"
  }
  assert {
    condition     = length(aws_eks_pod_identity_association.pod) == length(var.pod_roles) - 1 && one([for association in aws_eks_addon.this["aws-ebs-csi-driver"].pod_identity_association : association.service_account]) == "ebs-csi-controller-sa"
    error_message = "every role is associated: the EBS CSI driver's through its add-on, the others directly"
  }
}

run "the_secrets_roles_read_named_secrets_only" {
  command = plan

  assert {
    condition = alltrue(flatten([for account, policy in aws_iam_role_policy.pod : [
      for statement in jsondecode(policy.policy).Statement : [
        for resource in flatten([statement.Resource]) : resource != "*" && startswith(resource, "arn:aws:secretsmanager:")
      ]
    ] if var.pod_roles[account] == "o11y-demo"]))
    error_message = "a service's role may name its own secrets only, never *"
  }
  assert {
    condition     = output.cost_tags == var.cost_tags
    error_message = "the cost tags must be the team and cost-center labels of k8s/components/eks"
  }
}
