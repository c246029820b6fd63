variable "project_id" {
  description = "Project whose logs are exported."
  type        = string
}

variable "location" {
  description = "BigQuery dataset location."
  type        = string
}

variable "dataset_id" {
  description = "Dataset receiving the logs."
  type        = string
  default     = "meetrec_logs"
}

variable "filter" {
  description = "Log filter of the sink: the recorder containers and the meetrec functions."
  type        = string
  default     = "(resource.type=\"k8s_container\" AND resource.labels.namespace_name=\"meetrec\") OR (resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^meetrec-\")"
}

variable "partition_expiration_days" {
  description = "Days a log partition is kept."
  type        = number
  default     = 90
}

variable "queries_dir" {
  description = "Directory of saved queries (*.sql, using $${dataset} for the dataset); each becomes a view named after the file."
  type        = string
}

variable "schemas_dir" {
  description = "Directory of the sink tables' BigQuery schemas (stdout.json, run_googleapis_com_stdout.json)."
  type        = string
}

variable "base_views" {
  description = "Query files other queries select from; their views are created before the others."
  type        = list(string)
  default     = ["meetrec_events.sql"]
}

variable "reader_members" {
  description = "Members allowed to read the dataset (operators)."
  type        = list(string)
  default     = []
}

variable "delete_contents_on_destroy" {
  description = "Allow terraform destroy to delete a non-empty dataset (development only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels of the dataset and views."
  type        = map(string)
  default     = {}
}
