# Source archives are built by Maven (see docs/operations.md); the object name carries the archive's
# MD5 so a new build is a new object and Cloud Functions redeploys.
resource "google_storage_bucket" "sources" {
  project                     = var.project_id
  name                        = var.source_bucket_name
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  labels                      = var.labels
}

# The build service account reads the sources it builds.
resource "google_storage_bucket_iam_member" "sources" {
  for_each = var.sources_bucket_iam

  bucket = google_storage_bucket.sources.name
  role   = each.value.role
  member = each.value.member
}

resource "google_storage_bucket_object" "source" {
  for_each = var.functions

  bucket = google_storage_bucket.sources.name
  name   = "${each.key}/${filemd5(each.value.source_archive)}.zip"
  source = each.value.source_archive
}

resource "google_cloudfunctions2_function" "main" {
  for_each = var.functions

  project     = var.project_id
  name        = "meetrec-${each.key}"
  location    = var.region
  description = each.value.description
  labels      = var.labels

  build_config {
    runtime     = "java21"
    entry_point = each.value.entry_point
    # Secure-by-default projects refuse the Compute default account for builds.
    service_account = var.build_service_account

    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.source[each.key].name
      }
    }
  }

  service_config {
    service_account_email = each.value.service_account_email
    available_memory      = each.value.memory
    timeout_seconds       = each.value.timeout_seconds
    max_instance_count    = each.value.max_instances
    min_instance_count    = each.value.min_instances
    ingress_settings      = each.value.ingress_settings
    # Only Redis traffic goes through the connector; webhooks to customers leave directly.
    vpc_connector                 = each.value.uses_redis ? var.vpc_connector_id : null
    vpc_connector_egress_settings = each.value.uses_redis ? "PRIVATE_RANGES_ONLY" : null
    environment_variables = merge(
      { GCP_PROJECT_ID = var.project_id },
      each.value.uses_redis ? { REDIS_URI = var.redis_uri } : {},
      each.value.environment,
    )

    # Secret values are resolved by the platform at instance start and never pass through Terraform.
    dynamic "secret_environment_variables" {
      for_each = each.value.secret_environment
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  depends_on = [google_storage_bucket_iam_member.sources]

  dynamic "event_trigger" {
    for_each = each.value.trigger_topic_id == null ? [] : [each.value.trigger_topic_id]
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = event_trigger.value
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = each.value.service_account_email
    }
  }
}

# A gen2 function is served by a Cloud Run service of the same name: invocation rights are granted on
# that service, per function and per caller.
resource "google_cloud_run_service_iam_member" "invoker" {
  for_each = var.invokers

  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.main[each.value.function].service_config[0].service
  role     = "roles/run.invoker"
  member   = each.value.member
}
