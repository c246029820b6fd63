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

variable "region" {
  description = "Region of regional resources."
  type        = string
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
  description = "Cron schedule of the rotation function; rotation is by age, so hourly runs only seed what is missing and publish a missing SealedSecret."
  type        = string
  default     = "17 * * * *"
}

variable "queries_dir" {
  description = "Directory of the saved log queries turned into BigQuery views."
  type        = string
}

variable "alert_emails" {
  description = "Email addresses every alert notifies (one notification channel each)."
  type        = list(string)

  validation {
    condition     = length(var.alert_emails) > 0
    error_message = "Give at least one address: alerts without a channel notify nobody."
  }
}

variable "notification_channels" {
  description = "Existing Monitoring notification channel ids the alerts also notify."
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

variable "nodes_cidr" {
  description = "Primary range of the environment's subnetwork (GKE nodes)."
  type        = string
  default     = "10.10.0.0/20"
}

variable "pods_cidr" {
  description = "Secondary range for pods."
  type        = string
  default     = "10.20.0.0/16"
}

variable "services_cidr" {
  description = "Secondary range for Kubernetes services."
  type        = string
  default     = "10.30.0.0/20"
}

variable "private_services_cidr" {
  description = "Private services access range (Memorystore); the overlays' Redis egress range."
  type        = string
  default     = "10.40.0.0/16"
}

variable "schemas_dir" {
  description = "Directory of the sink tables' schemas (log-analysis/src/main/resources/schema)."
  type        = string
}

variable "intake_invokers" {
  description = "Members allowed to invoke intake when intake_public is false (e.g. under Domain Restricted Sharing: a group of callers, or the service account of an API gateway)."
  type        = list(string)
  default     = []
}
