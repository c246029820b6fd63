output "recordings_bucket" {
  description = "Name of the recordings bucket."
  value       = google_storage_bucket.recordings.name
}

output "gitops_bucket" {
  description = "Name of the GitOps (sealed secrets) bucket."
  value       = google_storage_bucket.gitops.name
}
