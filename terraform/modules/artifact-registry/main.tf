# The recorder image lives in the environment's own project: bin/release pushes
# <region>-docker.pkg.dev/<project>/meetrec/recorder-node:<tag> and the overlay names it.
resource "google_artifact_registry_repository" "recorder" {
  project       = var.project_id
  location      = var.region
  repository_id = var.repository_id
  format        = "DOCKER"
  description   = "meetrec recorder images."
  labels        = var.labels
}

resource "google_artifact_registry_repository_iam_member" "main" {
  for_each = var.repository_iam

  project    = var.project_id
  location   = var.region
  repository = google_artifact_registry_repository.recorder.name
  role       = each.value.role
  member     = each.value.member
}
