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
    builder        = { account_id = "meetrec-functions-build", display_name = "meetrec Cloud Functions builds" }
  }

  workload_pool = "${var.project_id}.svc.id.goog"

  recorder_ksas = concat(
    ["${var.namespace}/${var.recorder_ksa}"],
    [for name in var.developer_names : "${var.namespace}/${name}-${var.recorder_ksa}"],
  )

  # Roles that only exist at project level; everything else is granted on the resource by the
  # module that owns it (infra-tests IamPermissionsTest maps each grant to the calls that use it).
  # The recorder and the functions log to stdout and expose metrics for scraping: they write no
  # logs or metrics through the APIs, so they hold no logging or monitoring role.
  project_roles = {
    "nodes-log-writer"      = { account = "recorder_nodes", role = "roles/logging.logWriter" }
    "nodes-metrics"         = { account = "recorder_nodes", role = "roles/monitoring.metricWriter" }
    "nodes-metadata"        = { account = "recorder_nodes", role = "roles/stackdriver.resourceMetadata.writer" }
    "keda-metrics-viewer"   = { account = "keda", role = "roles/monitoring.viewer" }
    "rotation-event-intake" = { account = "rotation", role = "roles/eventarc.eventReceiver" }
    # The rotation function reads the cluster's endpoint to fetch the sealed-secrets certificate.
    "rotation-cluster-get" = { account = "rotation", role = "roles/container.clusterViewer" }
    "builder-logs"         = { account = "builder", role = "roles/logging.logWriter" }
    # Cloud Functions pushes the built image to its own gcf-artifacts repository.
    "builder-images" = { account = "builder", role = "roles/artifactregistry.writer" }
  }

  # Exactly the permissions the code calls where no predefined role is that narrow.
  custom_roles = {
    recording_writer = {
      role_id     = "meetrecRecordingWriter"
      title       = "meetrec recording writer"
      permissions = ["storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list"]
    }
    sealed_secret_writer = {
      role_id     = "meetrecSealedSecretWriter"
      title       = "meetrec sealed secret writer"
      permissions = ["storage.objects.create", "storage.objects.delete", "storage.objects.get"]
    }
    secret_rotator = {
      role_id     = "meetrecSecretRotator"
      title       = "meetrec secret rotator"
      permissions = ["secretmanager.versions.add", "secretmanager.versions.disable", "secretmanager.versions.list"]
    }
    secret_seeder = {
      role_id     = "meetrecSecretSeeder"
      title       = "meetrec secret seeder"
      permissions = ["secretmanager.versions.add", "secretmanager.versions.list"]
    }
    url_signer = {
      role_id     = "meetrecUrlSigner"
      title       = "meetrec URL signer"
      permissions = ["iam.serviceAccounts.signBlob"]
    }
  }
}

resource "google_project_iam_custom_role" "main" {
  for_each = local.custom_roles

  project     = var.project_id
  role_id     = each.value.role_id
  title       = each.value.title
  permissions = each.value.permissions
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

