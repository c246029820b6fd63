variable "project_id" {
  description = "Project of the network."
  type        = string
}

variable "region" {
  description = "Region of the subnetwork, router and NAT."
  type        = string
}

variable "name" {
  description = "Name of the network, subnetwork, router and NAT."
  type        = string
  default     = "meetrec"
}

variable "nodes_cidr" {
  description = "Primary range of the subnetwork (GKE nodes)."
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
  description = "Range allocated to private services access; Memorystore takes its /29 from it, so the recorder NetworkPolicy allows Redis egress to this range."
  type        = string
  default     = "10.40.0.0/16"
}
