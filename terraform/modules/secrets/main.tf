locals {
  # Rotated by age by the rotation function (which also adds their first version).
  rotated = toset(["meetrec-recorder-secret", "meetrec-join-token-secret"])
  # Given a first version by the rotation function when they have none, never rotated: client
  # secrets start as an empty client list (operators add clients), the webhook signing secret as
  # whsec_<base64 of 32 random bytes> that customers verify deliveries with.
  seeded  = toset(["meetrec-client-secrets", "meetrec-webhook-signing-secret"])
  secrets = setunion(local.rotated, local.seeded)
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
  description = "Runs the rotation function: seeds missing versions, rotates by age, publishes the SealedSecret when missing."
  schedule    = var.rotation_schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = var.rotation_topic_id
    data       = base64encode(jsonencode({ secrets = sort(tolist(local.secrets)) }))
  }
}
