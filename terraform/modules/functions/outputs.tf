output "urls" {
  description = "HTTPS URLs of the functions by short name."
  value       = { for name, fn in google_cloudfunctions2_function.main : name => fn.url }
}

output "names" {
  description = "Deployed function names by short name."
  value       = { for name, fn in google_cloudfunctions2_function.main : name => fn.name }
}

output "ids" {
  description = "Function ids by short name; a new id means a new deployment."
  value       = { for name, f in google_cloudfunctions2_function.main : name => f.id }
}
