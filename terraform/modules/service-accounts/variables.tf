variable "project_id" {
  description = "Project that owns the service accounts."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the recorder."
  type        = string
  default     = "meetrec"
}

variable "recorder_ksa" {
  description = "Kubernetes service account of the recorder pods."
  type        = string
  default     = "recorder"
}

variable "developer_names" {
  description = "Developers whose prefixed recorder KSA (<name>-recorder) may also use the recorder identity."
  type        = list(string)
  default     = []
}

variable "keda_namespace" {
  description = "Namespace of the KEDA operator."
  type        = string
  default     = "keda"
}

variable "keda_ksa" {
  description = "Kubernetes service account of the KEDA operator, which reads Pub/Sub backlog metrics."
  type        = string
  default     = "keda-operator"
}
