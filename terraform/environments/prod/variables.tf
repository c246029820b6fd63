variable "project_id" {
  description = "Project of this environment."
  type        = string
}

variable "region" {
  description = "Region of this environment."
  type        = string
}

variable "cluster_name" {
  description = "Name of the GKE cluster this environment creates."
  type        = string
}

variable "alert_emails" {
  description = "Email addresses every alert notifies."
  type        = list(string)
}

variable "notification_channels" {
  description = "Existing Monitoring notification channel ids the alerts also notify."
  type        = list(string)
  default     = []
}

variable "allowed_meeting_hosts" {
  description = "Hosts a recording's meetingUrl may name (exact, or *.example.com for subdomains)."
  type        = list(string)
}
