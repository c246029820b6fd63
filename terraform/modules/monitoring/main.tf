locals {
  recorder_logs = "resource.type=\"k8s_container\" AND resource.labels.namespace_name=\"${var.namespace}\" AND resource.labels.container_name=\"recorder\""
}

resource "google_logging_metric" "recorder_errors" {
  project = var.project_id
  name    = "meetrec-recorder-errors"
  filter  = "${local.recorder_logs} AND severity>=ERROR"

  label_extractors = {
    error_code = "EXTRACT(jsonPayload.errorCode)"
  }

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key         = "error_code"
      value_type  = "STRING"
      description = "meetrec error code of the failure."
    }
  }
}

# Every recorder pod logs event recorder.availability with available=0|1 every 30 s; the mean over
# pods is the fraction of idle recorder agents (the original system's "available agents" monitor).
resource "google_logging_metric" "recorder_availability" {
  project         = var.project_id
  name            = "meetrec-recorder-availability"
  filter          = "${local.recorder_logs} AND jsonPayload.event=\"recorder.availability\""
  value_extractor = "EXTRACT(jsonPayload.available)"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "1"
  }

  bucket_options {
    linear_buckets {
      num_finite_buckets = 2
      width              = 1
      offset             = 0
    }
  }
}

resource "google_monitoring_alert_policy" "recorder_errors" {
  project               = var.project_id
  display_name          = "meetrec: recorder errors"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "recorder error logs above ${var.error_threshold} per 5 min"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recorder_errors.name}\" AND resource.type=\"k8s_container\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.error_threshold
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Recorder pods log errors. Group by jsonPayload.errorCode in the log explorer; see docs/operations.md."
  }
}

resource "google_monitoring_alert_policy" "recorder_availability" {
  project               = var.project_id
  display_name          = "meetrec: available recorder agents low"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = var.notification_channels

  conditions {
    display_name = "available recorder agents below ${var.min_available_percent}%"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recorder_availability.name}\" AND resource.type=\"k8s_container\""
      comparison      = "COMPARISON_LT"
      threshold_value = var.min_available_percent / 100
      duration        = "600s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_MEAN"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Few idle recorders: check KEDA's ScaledObject and the node pool's autoscaling bounds (docs/operations.md, Scaling)."
  }
}

resource "google_monitoring_alert_policy" "oldest_unacked" {
  project               = var.project_id
  display_name          = "meetrec: recording requests waiting"
  combiner              = "OR"
  severity              = "CRITICAL"
  notification_channels = var.notification_channels

  conditions {
    display_name = "oldest unacked recording request older than ${var.max_unacked_age_seconds} s"

    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/oldest_unacked_message_age\" AND resource.type=\"pubsub_subscription\" AND resource.labels.subscription_id=\"${var.recorder_subscription}\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.max_unacked_age_seconds
      duration        = "120s"

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Requests are not being claimed. See docs/operations.md, Clearing a stuck queue."
  }
}

resource "google_monitoring_dashboard" "meetrec" {
  project = var.project_id
  dashboard_json = jsonencode({
    displayName = "meetrec recorders"
    gridLayout = {
      columns = 2
      widgets = [
        {
          title = "Recorder errors (per 5 min)"
          xyChart = {
            dataSets = [{
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter      = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recorder_errors.name}\""
                  aggregation = { alignmentPeriod = "300s", perSeriesAligner = "ALIGN_SUM", crossSeriesReducer = "REDUCE_SUM", groupByFields = ["metric.label.error_code"] }
                }
              }
            }]
          }
        },
        {
          title = "Available recorder agents (fraction)"
          xyChart = {
            dataSets = [{
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter      = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recorder_availability.name}\""
                  aggregation = { alignmentPeriod = "300s", perSeriesAligner = "ALIGN_DELTA", crossSeriesReducer = "REDUCE_MEAN" }
                }
              }
            }]
          }
        },
        {
          title = "Oldest unacked recording request (s)"
          xyChart = {
            dataSets = [{
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter      = "metric.type=\"pubsub.googleapis.com/subscription/oldest_unacked_message_age\" AND resource.labels.subscription_id=\"${var.recorder_subscription}\""
                  aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_MAX" }
                }
              }
            }]
          }
        },
        {
          title = "Undelivered recording requests"
          xyChart = {
            dataSets = [{
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter      = "metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.labels.subscription_id=\"${var.recorder_subscription}\""
                  aggregation = { alignmentPeriod = "60s", perSeriesAligner = "ALIGN_MEAN" }
                }
              }
            }]
          }
        },
      ]
    }
  })
}
