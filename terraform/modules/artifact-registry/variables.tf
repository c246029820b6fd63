variable "project_id" {
  description = "Project of the repository."
  type        = string
}

variable "region" {
  description = "Location of the repository."
  type        = string
}

variable "repository_id" {
  description = "Repository name."
  type        = string
  default     = "meetrec"
}

variable "repository_iam" {
  description = "Grants on the repository (the nodes pull the recorder image)."
  type        = map(object({ role = string, member = string }))
  default     = {}
}

variable "labels" {
  description = "Labels of the repository."
  type        = map(string)
  default     = {}
}
