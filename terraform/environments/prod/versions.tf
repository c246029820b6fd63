terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source = "hashicorp/google"
      # Exactly the version whose schema infra-tests checks against (.terraform.lock.hcl).
      version = "6.50.0"
    }
  }

  # The state bucket is created once per organisation; pass it with
  # terraform init -backend-config="bucket=<state bucket>".
  backend "gcs" {
    prefix = "meetrec/prod"
  }
}
