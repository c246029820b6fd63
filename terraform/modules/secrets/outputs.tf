output "secret_ids" {
  description = "Full secret resource ids by secret name."
  value       = { for name, secret in google_secret_manager_secret.main : name => secret.id }
}

output "scheduler_job" {
  description = "Name of the rotation scheduler job."
  value       = google_cloud_scheduler_job.rotation.name
}

output "secret_names" {
  description = "Secret ids (short names) by name, known only once every binding of secret_iam exists, so a function that mounts one is deployed after it may read it."
  value       = { for name, secret in google_secret_manager_secret.main : name => secret.secret_id }
  depends_on  = [google_secret_manager_secret_iam_member.main]
}
