output "uri" {
  description = "redis:// URI of the instance."
  value       = "redis://${google_redis_instance.main.host}:${google_redis_instance.main.port}"
}

output "host" {
  description = "Private IP address of Redis."
  value       = google_redis_instance.main.host
}

output "reserved_ip_range" {
  description = "CIDR Redis lives in; the recorder NetworkPolicy allows egress to it."
  value       = google_redis_instance.main.reserved_ip_range
}

output "connector_id" {
  description = "Id of the Serverless VPC Access connector."
  value       = google_vpc_access_connector.main.id
}
