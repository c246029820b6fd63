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

output "ids" {
  description = "Service account resource ids (projects/<p>/serviceAccounts/<email>) by role."
  value       = { for key, account in google_service_account.main : key => account.id }
}

output "custom_roles" {
  description = "Custom role ids by key (recording_writer, sealed_secret_writer, secret_rotator, secret_seeder, url_signer)."
  value       = { for key, role in google_project_iam_custom_role.main : key => role.id }
}

output "recorder_ksas" {
  description = "namespace/name of every KSA that acts as the recorder account (shared and developers')."
  value       = local.recorder_ksas
}

output "keda_ksa" {
  description = "namespace/name of the KEDA operator's KSA (acts as the keda account)."
  value       = "${var.keda_namespace}/${var.keda_ksa}"
}
