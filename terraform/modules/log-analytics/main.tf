locals {
  query_files = var.create_views ? fileset(var.queries_dir, "*.sql") : toset([])
  # BigQuery table ids allow letters, digits and underscores only.
  views = { for f in local.query_files : replace(trimsuffix(f, ".sql"), "-", "_") => f }
  # Views other views select from (meetrec_events flattens the sink tables) are created first.
  base_views    = { for name, f in local.views : name => f if contains(var.base_views, f) }
  derived_views = { for name, f in local.views : name => f if !contains(var.base_views, f) }
}

resource "google_bigquery_dataset" "logs" {
  project                         = var.project_id
  dataset_id                      = var.dataset_id
  location                        = var.location
  description                     = "meetrec recorder and function logs exported by the log sink."
  default_partition_expiration_ms = var.partition_expiration_days * 86400000
  delete_contents_on_destroy      = var.delete_contents_on_destroy
  labels                          = var.labels
}

resource "google_logging_project_sink" "logs" {
  project                = var.project_id
  name                   = "meetrec-logs-to-bigquery"
  destination            = "bigquery.googleapis.com/projects/${var.project_id}/datasets/${google_bigquery_dataset.logs.dataset_id}"
  filter                 = var.filter
  unique_writer_identity = true

  # One table per log, partitioned by day: the saved queries prune on the partition column.
  bigquery_options {
    use_partitioned_tables = true
  }
}

# The sink's own identity may write to this dataset and nothing else.
resource "google_bigquery_dataset_iam_member" "sink_writer" {
  project    = var.project_id
  dataset_id = google_bigquery_dataset.logs.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = google_logging_project_sink.logs.writer_identity
}

resource "google_bigquery_dataset_iam_member" "readers" {
  for_each = toset(var.reader_members)

  project    = var.project_id
  dataset_id = google_bigquery_dataset.logs.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = each.key
}

# The saved queries refer to the dataset as ${dataset}; here it becomes `project.dataset`.
resource "google_bigquery_table" "base_views" {
  for_each = local.base_views

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.logs.dataset_id
  table_id            = each.key
  deletion_protection = false
  labels              = var.labels

  view {
    query          = replace(file("${var.queries_dir}/${each.value}"), "$${dataset}", "${var.project_id}.${google_bigquery_dataset.logs.dataset_id}")
    use_legacy_sql = false
  }

  depends_on = [google_bigquery_dataset_iam_member.sink_writer]
}

# The saved queries refer to the dataset as ${dataset}; here it becomes `project.dataset`.
resource "google_bigquery_table" "derived_views" {
  for_each = local.derived_views

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.logs.dataset_id
  table_id            = each.key
  deletion_protection = false
  labels              = var.labels

  view {
    query          = replace(file("${var.queries_dir}/${each.value}"), "$${dataset}", "${var.project_id}.${google_bigquery_dataset.logs.dataset_id}")
    use_legacy_sql = false
  }

  depends_on = [google_bigquery_table.base_views]
}
