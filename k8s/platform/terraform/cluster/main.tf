# Stage 2 of 2: the EKS cluster on stage 1's network, what cluster.yaml makes with eksctl: the control plane at the
# one version pin (cluster.yaml's metadata.version), its add-ons, a managed node group sized by cluster.yaml's,
# the IAM roles of the load balancer controller, YACE, the EBS CSI driver and the aws-secrets variant's services
# (EKS Pod Identity, each trust naming its one namespace and service account), and the access entries. The charts
# stay in install.sh (TF_CLUSTER_DIR=k8s/platform/terraform/cluster reads this stage's outputs).
terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
  # Remote state in S3, configured at init: terraform init -backend-config=../backend.hcl (docs/eks.md).
  backend "s3" {}
}

module "suite" {
  source = "../suite"
}

locals {
  # cluster.yaml owns the name, region, version, node group and the aws-secrets roles; this reads them.
  platform   = module.suite.platform
  name       = local.platform.metadata.name
  nodes      = local.platform.managedNodeGroups[0]
  secret_use = local.platform.iam.podIdentityAssociations
  cost_tags  = module.suite.cost_tags
  network    = data.terraform_remote_state.network.outputs
}

provider "aws" {
  region = local.platform.metadata.region
  default_tags {
    tags = local.cost_tags
  }
}

data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket = var.state_bucket
    key    = var.network_state_key
    region = local.platform.metadata.region
  }
}

data "aws_caller_identity" "current" {}

# The control plane.
resource "aws_iam_role" "cluster" {
  name = "${local.name}-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_eks_cluster" "this" {
  name     = local.name
  version  = local.platform.metadata.version
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids              = concat(local.network.private_subnet_ids, local.network.public_subnet_ids)
    endpoint_public_access  = true
    endpoint_private_access = true
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
  # Standard support only: at its end the cluster is upgraded instead of moving to extended-support pricing.
  upgrade_policy {
    support_type = "STANDARD"
  }
  depends_on = [aws_iam_role_policy_attachment.cluster]
}

# Who may use kubectl: the principals named in var.admin_principal_arns, as cluster admins.
resource "aws_eks_access_entry" "admin" {
  for_each      = toset(var.admin_principal_arns)
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
}

resource "aws_eks_access_policy_association" "admin" {
  for_each      = toset(var.admin_principal_arns)
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
  depends_on = [aws_eks_access_entry.admin]
}

# The nodes.
resource "aws_iam_role" "node" {
  name = "${local.name}-node"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  ])
  role       = aws_iam_role.node.name
  policy_arn = each.value
}

# The nodes' root volumes as cluster.yaml's: gp3 of volumeSize GiB, encrypted.
resource "aws_launch_template" "nodes" {
  name_prefix = "${local.name}-nodes-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = local.nodes.volumeSize
      volume_type = local.nodes.volumeType
      encrypted   = true
    }
  }
  tag_specifications {
    resource_type = "instance"
    tags          = local.cost_tags
  }
  tag_specifications {
    resource_type = "volume"
    tags          = local.cost_tags
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = local.nodes.name
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = local.network.private_subnet_ids
  instance_types  = [local.nodes.instanceType]
  labels          = local.nodes.labels
  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }
  scaling_config {
    min_size     = local.nodes.minSize
    desired_size = local.nodes.desiredCapacity
    max_size     = local.nodes.maxSize
  }
  depends_on = [aws_iam_role_policy_attachment.node]
}

# The add-ons, as in cluster.yaml. No versions: EKS installs each one's default for the pinned Kubernetes version.
resource "aws_eks_addon" "this" {
  for_each     = toset([for addon in local.platform.addons : addon.name])
  cluster_name = aws_eks_cluster.this.name
  addon_name   = each.value
  # EKS starts a new cluster with its own copies of vpc-cni, kube-proxy and CoreDNS; the add-ons take them over
  # rather than fail on a field that differs (the default, NONE, stops the apply on any such conflict).
  resolve_conflicts_on_create = "OVERWRITE"
  # The EBS CSI driver's controller gets its role through Pod Identity (below), as cluster.yaml's well-known policy.
  dynamic "pod_identity_association" {
    for_each = each.value == "aws-ebs-csi-driver" ? [1] : []
    content {
      role_arn        = aws_iam_role.pod["ebs-csi-controller-sa"].arn
      service_account = "ebs-csi-controller-sa"
    }
  }
  # CoreDNS and the driver's controller need nodes to run on.
  depends_on = [aws_eks_node_group.default]
}
