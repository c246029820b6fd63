variable "project_id" {
  description = "Project that owns the topics and subscriptions."
  type        = string
}

variable "labels" {
  description = "Labels applied to topics and subscriptions."
  type        = map(string)
  default     = {}
}

variable "topic_message_retention" {
  description = "How long topics keep messages for seek/replay, as a duration (e.g. 86400s)."
  type        = string
  default     = "86400s"
}

variable "request_retention" {
  description = "Message retention of the recorder and webhooks subscriptions."
  type        = string
  default     = "86400s"
}

variable "max_delivery_attempts" {
  description = "Delivery attempts before a message goes to the dead-letter topic (5 to 100)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "Pub/Sub accepts 5 to 100 delivery attempts."
  }
}

variable "webhooks_push_endpoint" {
  description = "HTTPS URL of the webhooks function that receives recording-events by push."
  type        = string
}

variable "push_service_account_email" {
  description = "Identity whose OIDC token Pub/Sub attaches to pushes."
  type        = string
}

variable "developer_names" {
  description = "Developers who get their own recording-requests-recorder-<name> subscription."
  type        = list(string)
  default     = []
}

variable "topic_iam" {
  description = "Bindings on the main topics (topic is one of recording-requests, recording-events, secret-rotation)."
  type = map(object({
    topic  = string
    role   = string
    member = string
  }))
  default = {}
}

variable "recorder_subscription_iam" {
  description = "Bindings on the recording-requests-recorder subscription."
  type = map(object({
    role   = string
    member = string
  }))
  default = {}
}

variable "developer_subscription_iam" {
  description = "Bindings on the developers' subscriptions (developer is one of developer_names)."
  type = map(object({
    developer = string
    role      = string
    member    = string
  }))
  default = {}
}
