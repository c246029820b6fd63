output "cluster_name" {
  description = "Cluster that holds the recorder pool."
  value       = local.cluster_name
}

output "node_pool" {
  description = "Name of the recorder node pool."
  value       = google_container_node_pool.recorder.name
}
