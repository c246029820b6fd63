variable "project_id" {
  description = "Project of the metrics, alerts and dashboard."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the recorder."
  type        = string
  default     = "meetrec"
}

variable "recorder_subscription" {
  description = "Subscription whose oldest unacked message age is watched."
  type        = string
}

variable "notification_channels" {
  description = "Notification channel ids alerts are sent to."
  type        = list(string)
  default     = []
}

variable "error_threshold" {
  description = "Recorder error log lines per 5 minutes that raise the alert."
  type        = number
  default     = 5
}

variable "min_available_percent" {
  description = "Alert when fewer than this percentage of recorder agents are idle for 10 minutes."
  type        = number
  default     = 20
}

variable "max_unacked_age_seconds" {
  description = "Alert when the oldest unacked recording request is older than this."
  type        = number
  default     = 120
}

variable "webhooks_subscription" {
  description = "The webhooks push subscription (oldest-unacked alert)."
  type        = string
}

variable "alert_emails" {
  description = "Addresses that get an email notification channel; every alert notifies them."
  type        = list(string)
  default     = []
}

variable "max_failure_ratio" {
  description = "Share of ended recordings that may fail per hour before the failure-rate alert fires."
  type        = number
  default     = 0.2
}
