output "network_id" {
  description = "Id of the VPC (projects/.../global/networks/...)."
  value       = google_compute_network.main.id
}

output "network_name" {
  description = "Name of the VPC."
  value       = google_compute_network.main.name
}

output "subnetwork_id" {
  description = "Id of the subnetwork GKE uses."
  value       = google_compute_subnetwork.main.id
}

output "pods_range_name" {
  description = "Secondary range name for pods."
  value       = "pods"
}

output "services_range_name" {
  description = "Secondary range name for services."
  value       = "services"
}

output "private_services_range" {
  description = "Name of the private services access range; Memorystore is created in it after the peering exists."
  value       = google_service_networking_connection.main.reserved_peering_ranges[0]
}

output "private_services_cidr" {
  description = "CIDR of private services access (Redis egress of the recorder NetworkPolicy)."
  value       = var.private_services_cidr
}
