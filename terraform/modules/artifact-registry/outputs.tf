output "recorder_image" {
  description = "Image name of the recorder, without tag (the overlay's images.newName)."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.recorder.repository_id}/recorder-node"
}
