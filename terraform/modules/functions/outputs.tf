output "urls" {
  description = "HTTPS URLs of the functions by short name."
  value       = { for name, fn in google_cloudfunctions2_function.main : name => fn.url }
}

output "names" {
  description = "Deployed function names by short name."
  value       = { for name, fn in google_cloudfunctions2_function.main : name => fn.name }
}
