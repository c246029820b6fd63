variable "project_id" {
  description = "Project of the cluster."
  type        = string
}

variable "location" {
  description = "Region or zone of the cluster."
  type        = string
}

variable "cluster_name" {
  description = "Name of the cluster."
  type        = string
}

variable "deletion_protection" {
  description = "Protect a created cluster from terraform destroy."
  type        = bool
  default     = true
}

variable "pool_name" {
  description = "Name of the recorder node pool."
  type        = string
  default     = "recorders"
}

variable "machine_type" {
  description = "Machine type of recorder nodes; one 720p30 slot needs about 2 vCPU (docs/performance.md)."
  type        = string
  default     = "n2-standard-4"
}

variable "disk_size_gb" {
  description = "Boot disk size; recordings are buffered on the pod's emptyDir before upload."
  type        = number
  default     = 100
}

variable "min_nodes" {
  description = "Minimum recorder nodes across all zones."
  type        = number
  default     = 1
}

variable "max_nodes" {
  description = "Maximum recorder nodes across all zones."
  type        = number
  default     = 10
}

variable "node_service_account_email" {
  description = "Service account of the nodes (not of the pods, which use Workload Identity)."
  type        = string
}

variable "labels" {
  description = "GCE resource labels of the nodes."
  type        = map(string)
  default     = {}
}

variable "network" {
  description = "VPC network id of the cluster (module network)."
  type        = string
}

variable "subnetwork" {
  description = "Subnetwork id of the cluster (module network)."
  type        = string
}

variable "pods_range_name" {
  description = "Secondary range of the subnetwork for pods."
  type        = string
}

variable "services_range_name" {
  description = "Secondary range of the subnetwork for services."
  type        = string
}

variable "master_cidr" {
  description = "Unused /28 for the control plane of the private cluster."
  type        = string
  default     = "172.16.0.0/28"
}

variable "system_machine_type" {
  description = "Machine type of the untainted system pool."
  type        = string
  default     = "e2-standard-2"
}

variable "system_min_nodes" {
  description = "Lower autoscaling bound of the system pool (kube-dns, Flux, KEDA, sealed-secrets)."
  type        = number
  default     = 1

  validation {
    condition     = var.system_min_nodes >= 1
    error_message = "The system pool needs at least one node: the recorder pool is tainted."
  }
}

variable "system_max_nodes" {
  description = "Upper autoscaling bound of the system pool."
  type        = number
  default     = 3
}

variable "upgrade_soak" {
  description = "Blue-green batch and pool soak of the recorder pool; at least the pods' terminationGracePeriodSeconds (15360 s)."
  type        = string
  default     = "15600s"
}

variable "maintenance_start" {
  description = "Start of the recurring maintenance window (RFC 3339)."
  type        = string
  default     = "2026-01-03T01:00:00Z"
}

variable "maintenance_end" {
  description = "End of the recurring maintenance window (RFC 3339)."
  type        = string
  default     = "2026-01-03T07:00:00Z"
}

variable "maintenance_recurrence" {
  description = "Recurrence of the maintenance window (RFC 5545 RRULE)."
  type        = string
  default     = "FREQ=WEEKLY;BYDAY=SA,SU"
}
