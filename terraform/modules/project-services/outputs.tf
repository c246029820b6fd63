output "services" {
  description = "The enabled APIs; module calls depend on this module so nothing is created before its API."
  value       = [for s in google_project_service.main : s.service]
}
