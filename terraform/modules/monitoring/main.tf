locals {
  recorder_logs = "resource.type=\"k8s_container\" AND resource.labels.namespace_name=\"${var.namespace}\" AND resource.labels.container_name=\"recorder\""
  function_logs = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^meetrec-\""

  # Every alert notifies the channels created here from alert_emails plus any existing ones.
  channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

  # Created by the pubsub module (names also in infra-tests Names.PUBSUB).
  dead_letter_subscriptions = {
    requests = "recording-requests-dead-letter-sub"
    events   = "recording-events-dead-letter-sub"
  }
  # Subscriptions whose oldest unacked message means work is not being done.
  working_subscriptions = {
    requests = var.recorder_subscription
    events   = var.webhooks_subscription
  }
}

resource "google_monitoring_notification_channel" "email" {
  for_each = toset(var.alert_emails)

  project      = var.project_id
  display_name = "meetrec alerts: ${each.key}"
  type         = "email"
  labels = {
    email_address = each.key
  }
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

# Every recorder pod logs recorder.availability with freeSlots (a number) at start, on every change
# and every 30 s. With one slot per pod (MEETREC_RECORDER_SLOTS=1) the mean over pods is the
# fraction of idle recorders. The JSON boolean "available" cannot feed a distribution.
resource "google_logging_metric" "recorder_availability" {
  project         = var.project_id
  name            = "meetrec-recorder-availability"
  filter          = "${local.recorder_logs} AND jsonPayload.event=\"recorder.availability\""
  value_extractor = "EXTRACT(jsonPayload.freeSlots)"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "1"
  }

  bucket_options {
    linear_buckets {
      num_finite_buckets = 8
      width              = 1
      offset             = 0
    }
  }
}

# Ended recordings by outcome event, whatever the severity they are logged at (failures are WARN).
resource "google_logging_metric" "recordings_ended" {
  project = var.project_id
  name    = "meetrec-recordings-ended"
  filter  = "${local.recorder_logs} AND (jsonPayload.event=\"recording.completed\" OR jsonPayload.event=\"recording.failed\")"

  label_extractors = {
    event = "EXTRACT(jsonPayload.event)"
  }

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key         = "event"
      value_type  = "STRING"
      description = "recording.completed or recording.failed."
    }
  }
}

resource "google_logging_metric" "function_errors" {
  project = var.project_id
  name    = "meetrec-function-errors"
  filter  = "${local.function_logs} AND severity>=ERROR"

  label_extractors = {
    function = "EXTRACT(resource.labels.service_name)"
  }

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"

    labels {
      key         = "function"
      value_type  = "STRING"
      description = "Function (Cloud Run service) that logged the error."
    }
  }
}

resource "google_monitoring_alert_policy" "recorder_errors" {
  project               = var.project_id
  display_name          = "meetrec: recorder errors"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

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
  notification_channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

  conditions {
    display_name = "mean free slots per recorder below ${var.min_available_percent}%"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recorder_availability.name}\" AND resource.type=\"k8s_container\""
      comparison      = "COMPARISON_LT"
      threshold_value = var.min_available_percent / 100
      duration        = "600s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_MEAN"
        cross_series_reducer = "REDUCE_MEAN"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Few idle recorders: check KEDA's ScaledObject and the node pool's autoscaling bounds (docs/operations.md, Scaling)."
  }
}

resource "google_monitoring_alert_policy" "failure_rate" {
  project               = var.project_id
  display_name          = "meetrec: recording failure rate"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

  conditions {
    display_name = "more than ${var.max_failure_ratio * 100}% of recordings ended failed over 1 h"

    condition_threshold {
      filter             = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recordings_ended.name}\" AND resource.type=\"k8s_container\" AND metric.label.event=\"recording.failed\""
      denominator_filter = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recordings_ended.name}\" AND resource.type=\"k8s_container\""
      comparison         = "COMPARISON_GT"
      threshold_value    = var.max_failure_ratio
      duration           = "0s"

      aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }

      denominator_aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Recordings fail. Run bin/recorder-logs run failure_rate_by_error_code (docs/operations.md)."
  }
}

resource "google_monitoring_alert_policy" "dead_letters" {
  for_each = local.dead_letter_subscriptions

  project               = var.project_id
  display_name          = "meetrec: dead letters on ${each.value}"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

  conditions {
    display_name = "messages waiting in ${each.value}"

    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type=\"pubsub_subscription\" AND resource.labels.subscription_id=\"${each.value}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "300s"

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Messages were dead-lettered. List them with bin/redrive --topic recording-${each.key} --dry-run; after the fix, bin/redrive --topic recording-${each.key} puts them back (docs/reliability.md, Redrive)."
  }
}

resource "google_monitoring_alert_policy" "function_errors" {
  project               = var.project_id
  display_name          = "meetrec: function errors"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

  conditions {
    display_name = "function error logs"

    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.function_errors.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  conditions {
    display_name = "function 5xx responses"

    condition_threshold {
      filter          = "metric.type=\"run.googleapis.com/request_count\" AND resource.type=\"cloud_run_revision\" AND metric.label.response_code_class=\"5xx\""
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
    content   = "A meetrec function logs errors or answers 5xx. Filter the function's logs by severity>=ERROR."
  }
}

resource "google_monitoring_alert_policy" "oldest_unacked" {
  for_each = local.working_subscriptions

  project               = var.project_id
  display_name          = "meetrec: ${each.value} waiting"
  combiner              = "OR"
  severity              = "CRITICAL"
  notification_channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

  conditions {
    display_name = "oldest unacked message of ${each.value} older than ${var.max_unacked_age_seconds} s"

    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/oldest_unacked_message_age\" AND resource.type=\"pubsub_subscription\" AND resource.labels.subscription_id=\"${each.value}\""
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
    content   = "Messages are not being processed. See docs/operations.md, Clearing a stuck queue."
  }
}

# Memorystore runs with noeviction: a full instance refuses writes (new recordings answer 503)
# rather than evicting nonces, idempotency keys and leases, so it must be seen filling up.
resource "google_monitoring_alert_policy" "redis_memory" {
  project               = var.project_id
  display_name          = "meetrec: Redis memory filling up"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = concat([for c in google_monitoring_notification_channel.email : c.id], var.notification_channels)

  conditions {
    display_name = "Memorystore memory usage above 80 %"

    condition_threshold {
      filter          = "metric.type=\"redis.googleapis.com/stats/memory/usage_ratio\" AND resource.type=\"redis_instance\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0.8
      duration        = "300s"

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Redis is near its memory limit and refuses writes when full (noeviction). Lower meetrec.store.retention or raise redis_memory_gb; see docs/operations.md."
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
          title = "Free slots per recorder pod (mean)"
          xyChart = {
            dataSets = [{
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter      = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.recorder_availability.name}\""
                  aggregation = { alignmentPeriod = "300s", perSeriesAligner = "ALIGN_MEAN", crossSeriesReducer = "REDUCE_MEAN" }
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
