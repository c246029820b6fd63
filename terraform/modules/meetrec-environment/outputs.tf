output "service_account_emails" {
  description = "Service account emails by role; the recorder one goes into the KSA annotation."
  value       = module.service_accounts.emails
}

output "recordings_bucket" {
  description = "Recordings bucket name."
  value       = module.storage.recordings_bucket
}

output "gitops_bucket" {
  description = "Bucket of the Flux Bucket source (sealed secrets)."
  value       = module.storage.gitops_bucket
}

output "function_urls" {
  description = "Function URLs by short name."
  value       = module.functions.urls
}

output "redis_uri" {
  description = "redis:// URI for the recorder ConfigMap."
  value       = module.redis.uri
}

output "redis_range" {
  description = "Private services access CIDR Memorystore lives in, for the recorder NetworkPolicy."
  value       = var.private_services_cidr
}

output "recorder_image" {
  description = "Recorder image name (overlay images.newName, bin/release)."
  value       = module.artifact_registry.recorder_image
}

output "notification_channels" {
  description = "Channel ids the alerts notify."
  value       = module.monitoring.notification_channels
}

output "recorder_subscription" {
  description = "The recorder's pull subscription."
  value       = module.pubsub.recorder_subscription
}

output "cluster_name" {
  description = "Cluster with the recorder pool."
  value       = module.cluster.cluster_name
}
