# Offline plan of the network stage with a mocked AWS provider (no account, no credentials). EksTerraformTests runs
# it with the values it reads from the rendered overlays:
#   terraform test -var 'alb_cidrs=["192.168.0.0/19","192.168.32.0/19","192.168.64.0/19"]'
mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }
}

run "subnets_are_tagged_for_the_load_balancer_controller_and_match_the_network_policy" {
  command = plan

  assert {
    condition     = alltrue([for subnet in aws_subnet.public : subnet.tags["kubernetes.io/role/elb"] == "1"])
    error_message = "every public subnet needs kubernetes.io/role/elb=1, or the controller finds none for the ALB"
  }
  assert {
    condition     = alltrue([for subnet in aws_subnet.private : subnet.tags["kubernetes.io/role/internal-elb"] == "1"])
    error_message = "every private subnet needs kubernetes.io/role/internal-elb=1"
  }
  assert {
    condition     = length(distinct([for subnet in aws_subnet.public : subnet.availability_zone])) == 3
    error_message = "one public subnet per zone: an ALB needs two zones, the pods spread over three"
  }
  assert {
    condition     = toset([for subnet in aws_subnet.public : subnet.cidr_block]) == toset(var.alb_cidrs)
    error_message = "the public subnets must be the ALB addresses auth-service's NetworkPolicy admits"
  }
}

run "the_default_tags_are_the_suites_cost_labels" {
  command = plan

  # The provider's default_tags put these on every resource that takes tags (EksTerraformTests checks that each
  # provider block sets them); a mocked provider computes no tags_all to read back.
  assert {
    condition     = output.cost_tags == var.cost_tags
    error_message = "the cost tags must be the team and cost-center labels of k8s/components/eks"
  }
}
