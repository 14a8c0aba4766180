# The AWS permissions of pods, through EKS Pod Identity: one role per service account, whose trust admits only
# that namespace's service account on this cluster in this account (the session tags EKS Pod Identity sets), and
# whose policy is the one cluster.yaml gives the same account (or, for the load balancer controller, AWS's policy
# file for the controller's version; for the EBS CSI driver, AWS's managed policy).
locals {
  yace_policy = one([for account in local.platform.iam.serviceAccounts : account.attachPolicy if account.metadata.name == "yace"])
  pod_roles = merge(
    {
      "aws-load-balancer-controller" = { namespace = "kube-system", policy = file(coalesce(var.load_balancer_controller_policy, "${path.module}/aws-load-balancer-controller.iam.json")), managed = [] }
      "yace"                         = { namespace = "monitoring", policy = jsonencode(local.yace_policy), managed = [] }
      "ebs-csi-controller-sa" = {
        namespace = "kube-system", policy = null, managed = ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]
      }
    },
    { for association in local.secret_use : association.serviceAccountName => {
      namespace = association.namespace, policy = jsonencode(association.permissionPolicy), managed = []
    } },
  )
}

resource "aws_iam_role" "pod" {
  for_each = local.pod_roles
  name     = "${local.name}-${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = {
        StringEquals = {
          "aws:SourceAccount"                         = data.aws_caller_identity.current.account_id
          "aws:RequestTag/eks-cluster-name"           = local.name
          "aws:RequestTag/kubernetes-namespace"       = each.value.namespace
          "aws:RequestTag/kubernetes-service-account" = each.key
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "pod" {
  for_each = { for account, role in local.pod_roles : account => role if role.policy != null }
  name     = each.key
  role     = aws_iam_role.pod[each.key].name
  policy   = each.value.policy
}

resource "aws_iam_role_policy_attachment" "pod" {
  for_each   = merge([for account, role in local.pod_roles : { for arn in role.managed : "${account} ${arn}" => { account = account, arn = arn } }]...)
  role       = aws_iam_role.pod[each.value.account].name
  policy_arn = each.value.arn
}

# The EBS CSI driver's association belongs to its add-on (main.tf); every other role gets one here.
resource "aws_eks_pod_identity_association" "pod" {
  for_each        = { for account, role in local.pod_roles : account => role if account != "ebs-csi-controller-sa" }
  cluster_name    = aws_eks_cluster.this.name
  namespace       = each.value.namespace
  service_account = each.key
  role_arn        = aws_iam_role.pod[each.key].arn
}
