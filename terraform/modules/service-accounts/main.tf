locals {
  accounts = {
    recorder       = { account_id = "meetrec-recorder", display_name = "meetrec recorder pods" }
    intake         = { account_id = "meetrec-intake", display_name = "meetrec intake function" }
    signing        = { account_id = "meetrec-signing", display_name = "meetrec signing function" }
    webhooks       = { account_id = "meetrec-webhooks", display_name = "meetrec webhooks function" }
    rotation       = { account_id = "meetrec-rotation", display_name = "meetrec secret rotation function" }
    events_push    = { account_id = "meetrec-events-push", display_name = "meetrec Pub/Sub push identity" }
    recorder_nodes = { account_id = "meetrec-recorder-nodes", display_name = "meetrec recorder GKE nodes" }
    keda           = { account_id = "meetrec-keda", display_name = "meetrec KEDA operator" }
  }

  workload_pool = "${var.project_id}.svc.id.goog"

  recorder_ksas = concat(
    ["${var.namespace}/${var.recorder_ksa}"],
    [for name in var.developer_names : "${var.namespace}/${name}-${var.recorder_ksa}"],
  )

  # Telemetry and node roles only exist at project level; everything else is granted on resources
  # by the modules that own them.
  project_roles = {
    "recorder-log-writer"   = { account = "recorder", role = "roles/logging.logWriter" }
    "recorder-metrics"      = { account = "recorder", role = "roles/monitoring.metricWriter" }
    "nodes-log-writer"      = { account = "recorder_nodes", role = "roles/logging.logWriter" }
    "nodes-metrics"         = { account = "recorder_nodes", role = "roles/monitoring.metricWriter" }
    "nodes-metadata"        = { account = "recorder_nodes", role = "roles/stackdriver.resourceMetadata.writer" }
    "nodes-images"          = { account = "recorder_nodes", role = "roles/artifactregistry.reader" }
    "keda-metrics-viewer"   = { account = "keda", role = "roles/monitoring.viewer" }
    "rotation-event-intake" = { account = "rotation", role = "roles/eventarc.eventReceiver" }
  }
}

resource "google_service_account" "main" {
  for_each = local.accounts

  project      = var.project_id
  account_id   = each.value.account_id
  display_name = each.value.display_name
}

resource "google_project_iam_member" "main" {
  for_each = local.project_roles

  project = var.project_id
  role    = each.value.role
  member  = google_service_account.main[each.value.account].member
}

# Workload Identity: the recorder pods (KSA meetrec/recorder, and developers' prefixed copies) act as
# the recorder Google service account.
resource "google_service_account_iam_member" "recorder_workload_identity" {
  for_each = toset(local.recorder_ksas)

  service_account_id = google_service_account.main["recorder"].name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${local.workload_pool}[${each.key}]"
}

resource "google_service_account_iam_member" "keda_workload_identity" {
  service_account_id = google_service_account.main["keda"].name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${local.workload_pool}[${var.keda_namespace}/${var.keda_ksa}]"
}

# Intake signs download URLs with its own key through the IAM signBlob API.
resource "google_service_account_iam_member" "intake_self_signer" {
  service_account_id = google_service_account.main["intake"].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = google_service_account.main["intake"].member
}
