variable "project_id" {
  description = "Project that owns the buckets."
  type        = string
}

variable "location" {
  description = "Bucket location (region or multi-region)."
  type        = string
}

variable "recordings_bucket_name" {
  description = "Globally unique name of the recordings bucket."
  type        = string
}

variable "gitops_bucket_name" {
  description = "Globally unique name of the bucket Flux reads sealed secrets from."
  type        = string
}

variable "recordings_lifecycle_rules" {
  description = "Age-based lifecycle rules for recordings: action is Delete or SetStorageClass (then storage_class is required)."
  type = list(object({
    action        = string
    age_days      = number
    storage_class = optional(string)
  }))
  default = [
    { action = "SetStorageClass", age_days = 30, storage_class = "NEARLINE" },
    { action = "Delete", age_days = 365 },
  ]
}

variable "recordings_retention_days" {
  description = "Optional retention policy in days: objects cannot be deleted or replaced before that age. Null disables it."
  type        = number
  default     = null
}

variable "gitops_versions_kept" {
  description = "Noncurrent versions of each sealed secret kept for rollback."
  type        = number
  default     = 5
}

variable "recordings_bucket_iam" {
  description = "Bindings on the recordings bucket, keyed by a stable name chosen by the caller."
  type = map(object({
    role   = string
    member = string
  }))
  default = {}
}

variable "gitops_bucket_iam" {
  description = "Bindings on the GitOps bucket, keyed by a stable name chosen by the caller."
  type = map(object({
    role   = string
    member = string
  }))
  default = {}
}

variable "force_destroy" {
  description = "Allow terraform destroy to delete non-empty buckets (development environments only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels applied to every bucket."
  type        = map(string)
  default     = {}
}
