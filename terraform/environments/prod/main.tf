provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  repo = "${path.root}/../../.."
}

module "meetrec" {
  source = "../../modules/meetrec-environment"

  project_id                = var.project_id
  environment               = "prod"
  region                    = var.region
  cluster_name              = var.cluster_name
  cluster_location          = var.region
  recorder_machine_type     = "n2-standard-4"
  recorder_min_nodes        = 2
  recorder_max_nodes        = 30
  max_delivery_attempts     = 10
  redis_tier                = "STANDARD_HA"
  redis_memory_gb           = 5
  recordings_retention_days = 30
  alert_emails              = var.alert_emails
  notification_channels     = var.notification_channels
  allowed_meeting_hosts     = var.allowed_meeting_hosts
  queries_dir               = "${local.repo}/log-analysis/src/main/resources/queries"
  schemas_dir               = "${local.repo}/log-analysis/src/main/resources/schema"

  function_archives = {
    intake            = "${local.repo}/functions/intake/target/function.zip"
    signing           = "${local.repo}/functions/signing/target/function.zip"
    webhooks          = "${local.repo}/functions/webhooks/target/function.zip"
    "secret-rotation" = "${local.repo}/functions/secret-rotation/target/function.zip"
  }
}
