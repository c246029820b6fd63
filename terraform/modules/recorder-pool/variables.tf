variable "project_id" {
  description = "Project of the cluster."
  type        = string
}

variable "location" {
  description = "Region or zone of the cluster."
  type        = string
}

variable "cluster_name" {
  description = "Name of the existing cluster, or of the cluster to create when create_cluster is true."
  type        = string
}

variable "create_cluster" {
  description = "Create a cluster instead of adding the pool to an existing one."
  type        = bool
  default     = false
}

variable "network" {
  description = "VPC network of a created cluster (ignored for an existing one)."
  type        = string
  default     = "default"
}

variable "subnetwork" {
  description = "Subnetwork of a created cluster (ignored for an existing one)."
  type        = string
  default     = "default"
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
