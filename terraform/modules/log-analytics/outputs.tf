output "dataset_id" {
  description = "Dataset holding the exported logs."
  value       = google_bigquery_dataset.logs.dataset_id
}

output "sink_writer_identity" {
  description = "Unique identity the sink writes with."
  value       = google_logging_project_sink.logs.writer_identity
}

output "views" {
  description = "Views created from the saved queries."
  value       = concat(keys(google_bigquery_table.base_views), keys(google_bigquery_table.derived_views))
}
