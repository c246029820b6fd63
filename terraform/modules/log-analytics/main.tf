locals {
  query_files = fileset(var.queries_dir, "*.sql")
  # The sink only adds a column once it has seen the field, so a view over a young table would fail;
  # the tables are created here with the log contract's schemas (log-analysis/.../schema, derived
  # from shared LogSinkSchema), and the sink writes into them.
  sink_tables = {
    stdout                    = "stdout.json"
    run_googleapis_com_stdout = "run_googleapis_com_stdout.json"
  }
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

# Named as the sink names its partitioned tables (after the log), partitioned by timestamp as the
# sink's own tables are.
resource "google_bigquery_table" "sink" {
  for_each = local.sink_tables

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.logs.dataset_id
  table_id            = each.key
  deletion_protection = !var.delete_contents_on_destroy
  labels              = var.labels
  schema              = file("${var.schemas_dir}/${each.value}")

  time_partitioning {
    type  = "DAY"
    field = "timestamp"
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

  depends_on = [google_bigquery_table.sink]
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
