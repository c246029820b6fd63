variable "project_id" {
  description = "Project of the secrets."
  type        = string
}

variable "region" {
  description = "Region of the Cloud Scheduler job."
  type        = string
}

variable "rotation_topic_id" {
  description = "Topic id (projects/.../topics/secret-rotation) the scheduler publishes to."
  type        = string
}

variable "rotation_schedule" {
  description = "Cron schedule of the rotation function (UTC). Rotation is by age (30 days), so hourly runs are cheap and publish a missing SealedSecret within the hour after flux bootstrap."
  type        = string
  default     = "17 * * * *"
}

variable "secret_iam" {
  description = "Bindings on the secrets keyed by a stable name: secret (one of the meetrec secrets), role, member."
  type = map(object({
    secret = string
    role   = string
    member = string
  }))
  default = {}
}

variable "labels" {
  description = "Labels applied to the secrets."
  type        = map(string)
  default     = {}
}
