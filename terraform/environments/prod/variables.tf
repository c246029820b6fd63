variable "project_id" {
  description = "Project of this environment."
  type        = string
}

variable "region" {
  description = "Region of this environment."
  type        = string
}

variable "cluster_name" {
  description = "GKE cluster hosting the recorder pool."
  type        = string
}

variable "create_cluster" {
  description = "Create the GKE cluster instead of using an existing one."
  type        = bool
  default     = false
}

variable "notification_channels" {
  description = "Monitoring notification channel ids for the alerts."
  type        = list(string)
  default     = []
}

variable "create_log_views" {
  description = "Create the BigQuery views from the saved queries (false on the very first apply, see docs/operations.md)."
  type        = bool
  default     = true
}

variable "allowed_meeting_hosts" {
  description = "Hosts a recording's meetingUrl may name (exact, or *.example.com for subdomains)."
  type        = list(string)
}
