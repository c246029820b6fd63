locals {
  labels = merge(var.labels, { app = "meetrec", environment = var.environment })
  sa     = module.service_accounts.members
  emails = module.service_accounts.emails

  http_entry_point = "io.micronaut.gcp.function.http.HttpFunction"
  secret           = "roles/secretmanager.secretAccessor"

  # Flux's source-controller reads the GitOps bucket as itself (Workload Identity Federation
  # principal), without a Google service account of its own.
  flux_source_controller = "principal://iam.googleapis.com/projects/${data.google_project.this.number}/locations/global/workloadIdentityPools/${var.project_id}.svc.id.goog/subject/ns/flux-system/sa/source-controller"

  # A gen2 function's url attribute is https://<region>-<project>.cloudfunctions.net/<name>, known
  # before the function exists. Signing and webhooks need their own URL as the audience they check,
  # and module.functions.urls cannot feed a function's own environment (a function would depend on
  # itself), so the URLs are spelled out here and every audience (the push subscription's and the
  # ones the functions check) is this same string by construction.
  function_urls = { for name in ["intake", "signing", "webhooks", "secret-rotation"] :
  name => "https://${var.region}-${var.project_id}.cloudfunctions.net/meetrec-${name}" }
}

module "service_accounts" {
  source = "../service-accounts"

  project_id      = var.project_id
  namespace       = var.namespace
  developer_names = var.developer_names
}

module "storage" {
  source = "../storage"

  project_id                = var.project_id
  location                  = var.region
  recordings_bucket_name    = "${var.project_id}-meetrec-recordings"
  gitops_bucket_name        = "${var.project_id}-meetrec-gitops"
  recordings_retention_days = var.recordings_retention_days
  force_destroy             = var.force_destroy
  labels                    = local.labels

  recordings_bucket_iam = {
    recorder-upload = { role = "roles/storage.objectAdmin", member = local.sa["recorder"] }
    intake-download = { role = "roles/storage.objectViewer", member = local.sa["intake"] }
  }

  gitops_bucket_iam = {
    rotation-writes-sealed = { role = "roles/storage.objectAdmin", member = local.sa["rotation"] }
    flux-reads-sealed      = { role = "roles/storage.objectViewer", member = local.flux_source_controller }
  }
}

module "pubsub" {
  source = "../pubsub"

  project_id                 = var.project_id
  labels                     = local.labels
  max_delivery_attempts      = var.max_delivery_attempts
  webhooks_push_endpoint     = local.function_urls["webhooks"]
  push_service_account_email = local.emails["events_push"]
  developer_names            = var.developer_names

  topic_iam = {
    intake-publishes-requests   = { topic = "recording-requests", role = "roles/pubsub.publisher", member = local.sa["intake"] }
    intake-publishes-events     = { topic = "recording-events", role = "roles/pubsub.publisher", member = local.sa["intake"] }
    recorder-publishes-events   = { topic = "recording-events", role = "roles/pubsub.publisher", member = local.sa["recorder"] }
    scheduler-publishes-rotate  = { topic = "secret-rotation", role = "roles/pubsub.publisher", member = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-cloudscheduler.iam.gserviceaccount.com" }
    webhooks-publishes-outcomes = { topic = "recording-events", role = "roles/pubsub.publisher", member = local.sa["webhooks"] }
  }

  recorder_subscription_iam = {
    recorder-pulls = { role = "roles/pubsub.subscriber", member = local.sa["recorder"] }
    keda-watches   = { role = "roles/pubsub.viewer", member = local.sa["keda"] }
  }

  developer_subscription_iam = { for name in var.developer_names : "${name}-pulls" => {
    developer = name
    role      = "roles/pubsub.subscriber"
    member    = local.sa["recorder"]
  } }
}

data "google_project" "this" {
  project_id = var.project_id
}

# Intake signs download URLs as itself through the IAM signBlob API (it has no key file).
resource "google_service_account_iam_member" "intake_signs_urls" {
  service_account_id = "projects/${var.project_id}/serviceAccounts/${local.emails["intake"]}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.sa["intake"]
}

# Pub/Sub mints the push OIDC token on behalf of the push identity.
resource "google_service_account_iam_member" "pubsub_push_token" {
  service_account_id = "projects/${var.project_id}/serviceAccounts/${local.emails["events_push"]}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

module "secrets" {
  source = "../secrets"

  project_id        = var.project_id
  region            = var.region
  rotation_topic_id = module.pubsub.topic_ids["secret-rotation"]
  rotation_schedule = var.rotation_schedule
  labels            = local.labels

  secret_iam = {
    recorder-reads-recorder   = { secret = "meetrec-recorder-secret", role = local.secret, member = local.sa["recorder"] }
    webhooks-reads-recorder   = { secret = "meetrec-recorder-secret", role = local.secret, member = local.sa["webhooks"] }
    webhooks-reads-clients    = { secret = "meetrec-client-secrets", role = local.secret, member = local.sa["webhooks"] }
    intake-reads-clients      = { secret = "meetrec-client-secrets", role = local.secret, member = local.sa["intake"] }
    signing-reads-join-token  = { secret = "meetrec-join-token-secret", role = local.secret, member = local.sa["signing"] }
    rotation-reads-recorder   = { secret = "meetrec-recorder-secret", role = local.secret, member = local.sa["rotation"] }
    rotation-reads-join-token = { secret = "meetrec-join-token-secret", role = local.secret, member = local.sa["rotation"] }
    rotation-reads-clients    = { secret = "meetrec-client-secrets", role = local.secret, member = local.sa["rotation"] }
    rotation-adds-recorder    = { secret = "meetrec-recorder-secret", role = "roles/secretmanager.secretVersionManager", member = local.sa["rotation"] }
    rotation-adds-join-token  = { secret = "meetrec-join-token-secret", role = "roles/secretmanager.secretVersionManager", member = local.sa["rotation"] }
    rotation-adds-clients     = { secret = "meetrec-client-secrets", role = "roles/secretmanager.secretVersionManager", member = local.sa["rotation"] }
    webhooks-reads-signing    = { secret = "meetrec-webhook-signing-secret", role = local.secret, member = local.sa["webhooks"] }
  }
}

module "redis" {
  source = "../redis"

  project_id     = var.project_id
  region         = var.region
  tier           = var.redis_tier
  memory_size_gb = var.redis_memory_gb
  network_id     = "projects/${var.project_id}/global/networks/${var.network}"
  network_name   = var.network
  connector_cidr = var.connector_cidr
  labels         = local.labels
}

module "functions" {
  source = "../functions"

  project_id         = var.project_id
  region             = var.region
  source_bucket_name = "${var.project_id}-meetrec-function-sources"
  vpc_connector_id   = module.redis.connector_id
  redis_uri          = module.redis.uri
  labels             = local.labels

  functions = {
    intake = {
      description           = "Accepts, lists and stops recording requests."
      entry_point           = local.http_entry_point
      source_archive        = var.function_archives["intake"]
      service_account_email = local.emails["intake"]
      uses_redis            = true
      # Download links are V4 signed URLs for the gs:// URI stored with each recording, so intake
      # needs no bucket name (read access comes from recordings_bucket_iam).
      environment = {
        MEETREC_INTAKE_AUTH_SOURCE                      = "secret-manager"
        MEETREC_INTAKE_AUTH_SECRET_NAME                 = "meetrec-client-secrets"
        MEETREC_INTAKE_RECORDINGS_ALLOWED_MEETING_HOSTS = join(",", var.allowed_meeting_hosts)
        MEETREC_INTAKE_DOWNLOAD_KIND                    = "gcs"
      }
    }
    signing = {
      description           = "Mints join tokens for claimed recordings."
      entry_point           = local.http_entry_point
      source_archive        = var.function_archives["signing"]
      service_account_email = local.emails["signing"]
      uses_redis            = true
      environment = {
        MEETREC_SIGNING_CALLER_AUDIENCE       = local.function_urls["signing"]
        MEETREC_SIGNING_CALLER_ALLOWED_EMAILS = local.emails["recorder"]
        MEETREC_SIGNING_TOKEN_SECRET_SOURCE   = "secret-manager"
        MEETREC_SIGNING_TOKEN_SECRET_NAME     = "meetrec-join-token-secret"
      }
    }
    webhooks = {
      description           = "Delivers signed webhooks for recording-events."
      entry_point           = local.http_entry_point
      source_archive        = var.function_archives["webhooks"]
      service_account_email = local.emails["webhooks"]
      uses_redis            = true
      timeout_seconds       = 120
      environment = {
        MEETREC_WEBHOOKS_PUSH_AUDIENCE        = local.function_urls["webhooks"]
        MEETREC_WEBHOOKS_PUSH_SERVICE_ACCOUNT = local.emails["events_push"]
        # No recorder-secret-dir: the recorder secret (current and previous) comes from Secret Manager.
        MEETREC_WEBHOOKS_RECORDER_SECRET_ID = "meetrec-recorder-secret"
      }
      secret_environment = {
        MEETREC_WEBHOOKS_SIGNING_SECRET = module.secrets.secret_names["meetrec-webhook-signing-secret"]
      }
    }
    secret-rotation = {
      description           = "Rotates the meetrec secrets and publishes the recorder's SealedSecret."
      entry_point           = "io.meetrec.rotation.RotationFunction"
      source_archive        = var.function_archives["secret-rotation"]
      service_account_email = local.emails["rotation"]
      max_instances         = 1
      trigger_topic_id      = module.pubsub.topic_ids["secret-rotation"]
      # Each cluster's Flux Bucket source reads only the <environment>/ prefix of the GitOps bucket
      # (k8s/clusters/<env>/sources.yaml), and its recorder-secrets Kustomization applies ./<env>.
      environment = {
        MEETREC_ROTATION_SINK_BUCKET         = module.storage.gitops_bucket
        MEETREC_ROTATION_SINK_OBJECT_NAME    = "${var.environment}/recorder-secrets.yaml"
        MEETREC_ROTATION_SEALING_CERTIFICATE = var.sealing_certificate
        MEETREC_ROTATION_SEALING_NAMESPACE   = var.namespace
      }
    }
  }

  invokers = merge(
    {
      recorder-calls-signing  = { function = "signing", member = local.sa["recorder"] }
      push-calls-webhooks     = { function = "webhooks", member = local.sa["events_push"] }
      eventarc-calls-rotation = { function = "secret-rotation", member = local.sa["rotation"] }
    },
    # Callers of intake authenticate by HMAC signature inside the function, so the platform lets
    # everybody reach it.
    var.intake_public ? { anyone-calls-intake = { function = "intake", member = "allUsers" } } : {},
  )
}

module "recorder_pool" {
  source = "../recorder-pool"

  project_id                 = var.project_id
  location                   = var.cluster_location
  cluster_name               = var.cluster_name
  create_cluster             = var.create_cluster
  network                    = var.network
  machine_type               = var.recorder_machine_type
  min_nodes                  = var.recorder_min_nodes
  max_nodes                  = var.recorder_max_nodes
  node_service_account_email = local.emails["recorder_nodes"]
  labels                     = local.labels
}

module "log_analytics" {
  source = "../log-analytics"

  project_id                 = var.project_id
  location                   = var.region
  queries_dir                = var.queries_dir
  create_views               = var.create_log_views
  delete_contents_on_destroy = var.force_destroy
  labels                     = local.labels
}

module "monitoring" {
  source = "../monitoring"

  project_id            = var.project_id
  namespace             = var.namespace
  recorder_subscription = module.pubsub.recorder_subscription
  notification_channels = var.notification_channels
}
