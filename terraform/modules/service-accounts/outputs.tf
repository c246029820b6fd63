output "emails" {
  description = "Service account emails by role (recorder, intake, signing, webhooks, rotation, events_push, recorder_nodes, keda)."
  value       = { for key, account in google_service_account.main : key => account.email }
}

output "members" {
  description = "IAM member strings (serviceAccount:...) by role."
  value       = { for key, account in google_service_account.main : key => account.member }
}

output "workload_identity_members" {
  description = "Workload Identity principals allowed to act as the recorder service account."
  value       = [for ksa in local.recorder_ksas : "serviceAccount:${local.workload_pool}[${ksa}]"]
}
