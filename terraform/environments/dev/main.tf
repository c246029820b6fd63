provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  repo = "${path.root}/../../.."
}

module "meetrec" {
  source = "../../modules/meetrec-environment"

  project_id            = var.project_id
  environment           = "dev"
  region                = var.region
  cluster_name          = var.cluster_name
  cluster_location      = var.region
  recorder_machine_type = "e2-standard-4"
  recorder_min_nodes    = 0
  recorder_max_nodes    = 3
  max_delivery_attempts = 5
  redis_tier            = "BASIC"
  force_destroy         = true
  developer_names       = ["alice"]
  alert_emails          = var.alert_emails
  notification_channels = var.notification_channels
  allowed_meeting_hosts = var.allowed_meeting_hosts
  queries_dir           = "${local.repo}/log-analysis/src/main/resources/queries"
  schemas_dir           = "${local.repo}/log-analysis/src/main/resources/schema"

  function_archives = {
    intake            = "${local.repo}/functions/intake/target/function.zip"
    signing           = "${local.repo}/functions/signing/target/function.zip"
    webhooks          = "${local.repo}/functions/webhooks/target/function.zip"
    "secret-rotation" = "${local.repo}/functions/secret-rotation/target/function.zip"
  }
}
