locals {
  # Every API a resource of this environment or a deployable's code uses (infra-tests
  # ProjectServicesTest derives the list from the resource types and GoogleCalls and compares).
  services = [
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "eventarc.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "redis.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "servicenetworking.googleapis.com",
    "stackdriver.googleapis.com",
    "storage.googleapis.com",
    "vpcaccess.googleapis.com",
  ]
}

# serviceusage.googleapis.com itself is on in every project that Terraform can reach.
resource "google_project_service" "main" {
  for_each = toset(local.services)

  project = var.project_id
  service = each.key
  # Other things in the project may use the same APIs; destroying meetrec must not switch them off.
  disable_on_destroy = false
}
