# Stage 1 of 2: the network the cluster runs in (seed 002's order: network, then compute, then the add-ons, each
# with its own remote state). A VPC over three zones, a public and a private subnet in each, tagged for the load
# balancer controller, and one NAT gateway for the private subnets. The layout is eksctl's default for cluster.yaml
# (192.168.0.0/16, public /19s first), so the NetworkPolicy that lets the ALB's addresses reach auth-service holds
# on either path.
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
  platform  = module.suite.platform
  name      = local.platform.metadata.name
  cost_tags = module.suite.cost_tags
  zones     = slice(sort(data.aws_availability_zones.available.names), 0, 3)
}

provider "aws" {
  region = local.platform.metadata.region
  default_tags {
    tags = local.cost_tags
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = local.name
  }
}

resource "aws_subnet" "public" {
  count             = length(local.zones)
  vpc_id            = aws_vpc.this.id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(var.cidr, 3, count.index)
  tags = {
    Name                                  = "${local.name}-public-${local.zones[count.index]}"
    "kubernetes.io/role/elb"              = "1"
    "kubernetes.io/cluster/${local.name}" = "shared"
  }
}

resource "aws_subnet" "private" {
  count             = length(local.zones)
  vpc_id            = aws_vpc.this.id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(var.cidr, 3, count.index + length(local.zones))
  tags = {
    Name                                  = "${local.name}-private-${local.zones[count.index]}"
    "kubernetes.io/role/internal-elb"     = "1"
    "kubernetes.io/cluster/${local.name}" = "shared"
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags = {
    Name = local.name
  }
}

# One NAT gateway, not one per zone: a demo's outbound traffic (image pulls, AWS APIs) survives a zone's loss badly,
# but three NAT gateways cost three times as much per hour (docs/eks.md).
resource "aws_eip" "nat" {
  domain = "vpc"
  tags = {
    Name = "${local.name}-nat"
  }
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
  tags = {
    Name = local.name
  }
  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
  tags = {
    Name = "${local.name}-public"
  }
}

resource "aws_route_table_association" "public" {
  count          = length(aws_subnet.public)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this.id
  }
  tags = {
    Name = "${local.name}-private"
  }
}

resource "aws_route_table_association" "private" {
  count          = length(aws_subnet.private)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}
