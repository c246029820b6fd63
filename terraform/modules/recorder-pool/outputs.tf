output "cluster_name" {
  description = "Name of the cluster."
  value       = google_container_cluster.main.name
}

output "cluster_id" {
  description = "projects/<p>/locations/<l>/clusters/<n>: the rotation function reads its endpoint from the Container API."
  value       = google_container_cluster.main.id
}

output "recorder_pool" {
  description = "Name of the recorder node pool."
  value       = google_container_node_pool.recorder.name
}
