output "recorder_service_account" {
  description = "Goes into the recorder KSA annotation iam.gke.io/gcp-service-account of this environment's overlay."
  value       = module.meetrec.service_account_emails["recorder"]
}

output "gitops_bucket" {
  description = "bucketName of the Flux Bucket source of this environment."
  value       = module.meetrec.gitops_bucket
}

output "redis_uri" {
  description = "REDIS_URI of this environment's overlay."
  value       = module.meetrec.redis_uri
}

output "function_urls" {
  description = "Function URLs by short name."
  value       = module.meetrec.function_urls
}
