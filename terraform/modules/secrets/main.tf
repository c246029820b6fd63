locals {
  # Rotated on schedule by the rotation function.
  rotated = toset(["meetrec-recorder-secret", "meetrec-join-token-secret", "meetrec-client-secrets"])
  # Never rotated automatically: customers verify deliveries with it, so an operator adds its one
  # version (whsec_<base64 of 32 random bytes>) and hands it over (functions/webhooks/README.md).
  manual  = toset(["meetrec-webhook-signing-secret"])
  secrets = setunion(local.rotated, local.manual)
}

# Versions are added by the rotation function or an operator, never by Terraform, so no secret
# material ends up in the state file.
resource "google_secret_manager_secret" "main" {
  for_each = local.secrets

  project   = var.project_id
  secret_id = each.key
  labels    = var.labels

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_iam_member" "main" {
  for_each = var.secret_iam

  project   = var.project_id
  secret_id = google_secret_manager_secret.main[each.value.secret].secret_id
  role      = each.value.role
  member    = each.value.member
}

resource "google_cloud_scheduler_job" "rotation" {
  project     = var.project_id
  region      = var.region
  name        = "meetrec-secret-rotation"
  description = "Asks the rotation function to rotate every meetrec secret."
  schedule    = var.rotation_schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = var.rotation_topic_id
    data       = base64encode(jsonencode({ secrets = sort(tolist(local.rotated)) }))
  }
}
