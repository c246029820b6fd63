output "secret_ids" {
  description = "Full secret resource ids by secret name."
  value       = { for name, secret in google_secret_manager_secret.main : name => secret.id }
}

output "scheduler_job" {
  description = "Name of the rotation scheduler job."
  value       = google_cloud_scheduler_job.rotation.name
}
