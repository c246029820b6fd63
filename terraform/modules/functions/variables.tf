variable "project_id" {
  description = "Project of the functions."
  type        = string
}

variable "region" {
  description = "Region of the functions and their source bucket."
  type        = string
}

variable "source_bucket_name" {
  description = "Globally unique name of the bucket holding the functions' source archives."
  type        = string
}

variable "functions" {
  description = "Functions by short name (deployed as meetrec-<name>). source_archive is a local zip built by Maven; trigger_topic_id makes it a Pub/Sub event function; secret_environment maps an environment variable to a Secret Manager secret of the project (latest version)."
  type = map(object({
    description           = string
    entry_point           = string
    source_archive        = string
    service_account_email = string
    memory                = optional(string, "512M")
    timeout_seconds       = optional(number, 60)
    min_instances         = optional(number, 0)
    max_instances         = optional(number, 10)
    ingress_settings      = optional(string, "ALLOW_ALL")
    uses_redis            = optional(bool, false)
    trigger_topic_id      = optional(string)
    environment           = optional(map(string), {})
    secret_environment    = optional(map(string), {})
  }))
}

variable "vpc_connector_id" {
  description = "Serverless VPC Access connector used by functions that reach Redis."
  type        = string
  default     = null
}

variable "redis_uri" {
  description = "redis:// URI of Memorystore, given to functions that use Redis."
  type        = string
  default     = ""
}

variable "build_service_account" {
  description = "Service account id (projects/<p>/serviceAccounts/<email>) Cloud Build builds the functions as."
  type        = string
}

variable "sources_bucket_iam" {
  description = "Grants on the source bucket (the build service account reads the archives)."
  type        = map(object({ role = string, member = string }))
  default     = {}
}

variable "invokers" {
  description = "Invocation grants keyed by a stable name: function (short name) and member."
  type = map(object({
    function = string
    member   = string
  }))
  default = {}
}

variable "labels" {
  description = "Labels applied to functions and the source bucket."
  type        = map(string)
  default     = {}
}
