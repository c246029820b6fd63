variable "project_id" {
  description = "Project of the Redis instance."
  type        = string
}

variable "region" {
  description = "Region of Redis and the connector."
  type        = string
}

variable "name" {
  description = "Name of the Memorystore instance."
  type        = string
  default     = "meetrec"
}

variable "tier" {
  description = "BASIC (single node) or STANDARD_HA."
  type        = string
  default     = "BASIC"
}

variable "memory_size_gb" {
  description = "Memory of the instance in GiB."
  type        = number
  default     = 1
}

variable "network_id" {
  description = "Id of the VPC network Redis is reachable from (projects/.../global/networks/...)."
  type        = string
}

variable "network_name" {
  description = "Name of the same VPC network, for the connector."
  type        = string
}

variable "connector_name" {
  description = "Name of the Serverless VPC Access connector (max 25 characters)."
  type        = string
  default     = "meetrec-connector"
}

variable "connector_cidr" {
  description = "Unused /28 range of the network for the connector."
  type        = string
  default     = "10.8.0.0/28"
}

variable "labels" {
  description = "Labels of the Redis instance."
  type        = map(string)
  default     = {}
}

variable "private_services_range" {
  description = "Name of the private services access range (network module output private_services_range)."
  type        = string
}
