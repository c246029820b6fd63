variable "project_id" {
  description = "Project of the environment."
  type        = string
}

variable "environment" {
  description = "Environment name (dev, staging, prod, ...), used in labels and by the rotation function."
  type        = string
}

variable "allowed_meeting_hosts" {
  description = "Hosts a recording's meetingUrl may name (exact, or *.example.com for subdomains); intake refuses every meeting URL while this is empty."
  type        = list(string)
}

variable "sealing_certificate" {
  description = "Public certificate (PEM) of the cluster's sealed-secrets controller, as kubeseal --fetch-cert prints it; the rotation function seals the recorder's Secret for it."
  type        = string

  validation {
    condition     = startswith(trimspace(var.sealing_certificate), "-----BEGIN CERTIFICATE-----")
    error_message = "sealing_certificate must be a PEM certificate (kubeseal --fetch-cert)."
  }
}

variable "region" {
  description = "Region of regional resources."
  type        = string
}

variable "network" {
  description = "VPC network name shared by GKE, Memorystore and the VPC connector."
  type        = string
  default     = "default"
}

variable "connector_cidr" {
  description = "Unused /28 range for the Serverless VPC Access connector."
  type        = string
  default     = "10.8.0.0/28"
}

variable "namespace" {
  description = "Kubernetes namespace of the recorder."
  type        = string
  default     = "meetrec"
}

variable "cluster_name" {
  description = "GKE cluster that hosts (or will host) the recorder pool."
  type        = string
}

variable "cluster_location" {
  description = "Region or zone of that cluster."
  type        = string
}

variable "create_cluster" {
  description = "Create the cluster instead of using an existing one."
  type        = bool
  default     = false
}

variable "recorder_machine_type" {
  description = "Machine type of recorder nodes."
  type        = string
  default     = "n2-standard-4"
}

variable "recorder_min_nodes" {
  description = "Lower autoscaling bound of the recorder pool."
  type        = number
  default     = 1
}

variable "recorder_max_nodes" {
  description = "Upper autoscaling bound of the recorder pool."
  type        = number
  default     = 10
}

variable "max_delivery_attempts" {
  description = "Pub/Sub delivery attempts before dead-lettering."
  type        = number
  default     = 10
}

variable "recordings_retention_days" {
  description = "Optional retention policy of the recordings bucket, in days."
  type        = number
  default     = null
}

variable "redis_tier" {
  description = "Memorystore tier: BASIC or STANDARD_HA."
  type        = string
  default     = "BASIC"
}

variable "redis_memory_gb" {
  description = "Memorystore size in GiB."
  type        = number
  default     = 1
}

variable "function_archives" {
  description = "Local paths of the functions' source archives built by Maven, keyed intake, signing, webhooks, secret-rotation."
  type        = map(string)
}

variable "intake_public" {
  description = "Let anyone reach the intake function (requests are still HMAC-authenticated by the function)."
  type        = bool
  default     = true
}

variable "rotation_schedule" {
  description = "Cron schedule of secret rotation."
  type        = string
  default     = "0 3 1 * *"
}

variable "queries_dir" {
  description = "Directory of the saved log queries turned into BigQuery views."
  type        = string
}

variable "create_log_views" {
  description = "Create the BigQuery views (false on a brand-new environment until logs arrived)."
  type        = bool
  default     = true
}

variable "notification_channels" {
  description = "Monitoring notification channel ids for the alerts."
  type        = list(string)
  default     = []
}

variable "developer_names" {
  description = "Developers with a personal recorder subscription and KSA (dev only)."
  type        = list(string)
  default     = []
}

variable "force_destroy" {
  description = "Let terraform destroy remove non-empty buckets and datasets (dev only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Extra labels for every resource."
  type        = map(string)
  default     = {}
}
