locals {
  labels = merge(var.labels, { app = "meetrec", environment = var.environment })
  sa     = module.service_accounts.members
  emails = module.service_accounts.emails

  http_entry_point = "io.micronaut.gcp.function.http.HttpFunction"
  secret           = "roles/secretmanager.secretAccessor"

  # Flux's source-controller reads the GitOps bucket as itself (Workload Identity Federation
  # principal), without a Google service account of its own.
  flux_source_controller = "principal://iam.googleapis.com/projects/${data.google_project.this.number}/locations/global/workloadIdentityPools/${var.project_id}.svc.id.goog/subject/ns/flux-system/sa/source-controller"
  roles                  = module.service_accounts.custom_roles
  deps                   = [module.project_services]

  # A gen2 function's url attribute is https://<region>-<project>.cloudfunctions.net/<name>, known
  # before the function exists. Signing and webhooks need their own URL as the audience they check,
  # and module.functions.urls cannot feed a function's own environment (a function would depend on
  # itself), so the URLs are spelled out here and every audience (the push subscription's and the
  # ones the functions check) is this same string by construction.
  function_urls = { for name in ["intake", "signing", "webhooks", "secret-rotation"] :
  name => "https://${var.region}-${var.project_id}.cloudfunctions.net/meetrec-${name}" }
}

module "project_services" {
  source = "../project-services"

  project_id = var.project_id
}

module "service_accounts" {
  source = "../service-accounts"

  project_id      = var.project_id
  namespace       = var.namespace
  developer_names = var.developer_names

  depends_on = [module.project_services]
}

module "network" {
  source = "../network"

  project_id            = var.project_id
  region                = var.region
  nodes_cidr            = var.nodes_cidr
  pods_cidr             = var.pods_cidr
  services_cidr         = var.services_cidr
  private_services_cidr = var.private_services_cidr

  depends_on = [module.project_services]
}

module "cluster" {
  source = "../recorder-pool"

  project_id                 = var.project_id
  location                   = var.cluster_location
  cluster_name               = var.cluster_name
  network                    = module.network.network_id
  subnetwork                 = module.network.subnetwork_id
  pods_range_name            = module.network.pods_range_name
  services_range_name        = module.network.services_range_name
  deletion_protection        = !var.force_destroy
  machine_type               = var.recorder_machine_type
  min_nodes                  = var.recorder_min_nodes
  max_nodes                  = var.recorder_max_nodes
  node_service_account_email = local.emails["recorder_nodes"]
  labels                     = local.labels

  depends_on = [module.project_services]
}

module "artifact_registry" {
  source = "../artifact-registry"

  project_id = var.project_id
  region     = var.region
  labels     = local.labels

  repository_iam = {
    nodes-pull-images = { role = "roles/artifactregistry.reader", member = local.sa["recorder_nodes"] }
  }

  depends_on = [module.project_services]
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

  # The recorder creates its media and metadata and reads them back (checksums); it never deletes
  # or overwrites. Intake only signs download URLs, which need read access of the signer.
  recordings_bucket_iam = {
    recorder-upload = { role = local.roles["recording_writer"], member = local.sa["recorder"] }
    intake-download = { role = "roles/storage.objectViewer", member = local.sa["intake"] }
  }

  # Replacing the manifest is create + delete of the old object.
  gitops_bucket_iam = {
    rotation-writes-sealed = { role = local.roles["sealed_secret_writer"], member = local.sa["rotation"] }
  }

  depends_on = [module.project_services]
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
    intake-publishes-requests  = { topic = "recording-requests", role = "roles/pubsub.publisher", member = local.sa["intake"] }
    recorder-publishes-events  = { topic = "recording-events", role = "roles/pubsub.publisher", member = local.sa["recorder"] }
    scheduler-publishes-rotate = { topic = "secret-rotation", role = "roles/pubsub.publisher", member = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-cloudscheduler.iam.gserviceaccount.com" }
  }

  recorder_subscription_iam = {
    recorder-pulls = { role = "roles/pubsub.subscriber", member = local.sa["recorder"] }
  }

  developer_subscription_iam = { for name in var.developer_names : "${name}-pulls" => {
    developer = name
    role      = "roles/pubsub.subscriber"
    member    = local.sa["recorder"]
  } }

  depends_on = [module.project_services]
}

data "google_project" "this" {
  project_id = var.project_id
}

# Intake signs download URLs as itself through the IAM signBlob API (it has no key file).
resource "google_service_account_iam_member" "intake_signs_urls" {
  service_account_id = "projects/${var.project_id}/serviceAccounts/${local.emails["intake"]}"
  role               = local.roles["url_signer"]
  member             = local.sa["intake"]

  depends_on = [module.project_services]
}

# Pub/Sub mints the push OIDC token on behalf of the push identity.
resource "google_service_account_iam_member" "pubsub_push_token" {
  service_account_id = "projects/${var.project_id}/serviceAccounts/${local.emails["events_push"]}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"

  depends_on = [module.project_services]
}

# The webhook delivery ledger's clock: every minute the webhooks function sends what is due (retries
# on the Standard Webhooks schedule, about a day in all). Authenticated like a push: an OIDC token of
# the push identity for the function's own URL, which already holds run.invoker on it.
resource "google_cloud_scheduler_job" "webhook_redelivery" {
  project     = var.project_id
  region      = var.region
  name        = "meetrec-webhook-redelivery"
  description = "Sends the webhook deliveries that are due (docs/reliability.md, Webhook delivery)."
  schedule    = "* * * * *"
  time_zone   = "Etc/UTC"

  http_target {
    http_method = "POST"
    uri         = "${local.function_urls["webhooks"]}/redeliver"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode("{}")

    oidc_token {
      service_account_email = local.emails["events_push"]
      audience              = local.function_urls["webhooks"]
    }
  }

  depends_on = [module.project_services, module.functions]
}

# Workload Identity members (PROJECT.svc.id.goog) exist only once a Workload Identity cluster does:
# these bindings wait for the cluster and its pools.
resource "google_service_account_iam_member" "recorder_workload_identity" {
  for_each = toset(module.service_accounts.recorder_ksas)

  service_account_id = "projects/${var.project_id}/serviceAccounts/${local.emails["recorder"]}"
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[${each.key}]"

  depends_on = [module.project_services, module.cluster]
}

resource "google_service_account_iam_member" "keda_workload_identity" {
  service_account_id = "projects/${var.project_id}/serviceAccounts/${local.emails["keda"]}"
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[${module.service_accounts.keda_ksa}]"

  depends_on = [module.project_services, module.cluster]
}

# Flux's source-controller reads the sealed secrets as its own Workload Identity principal.
resource "google_storage_bucket_iam_member" "flux_reads_sealed" {
  bucket = module.storage.gitops_bucket
  role   = "roles/storage.objectViewer"
  member = local.flux_source_controller

  depends_on = [module.project_services, module.cluster]
}

module "secrets" {
  source = "../secrets"

  project_id        = var.project_id
  region            = var.region
  rotation_topic_id = module.pubsub.topic_ids["secret-rotation"]
  rotation_schedule = var.rotation_schedule
  labels            = local.labels

  # Exactly what each function calls: intake and signing access the latest version; webhooks lists
  # the recorder secret's versions (current and previous) and accesses them, and Cloud Run resolves
  # its signing secret as the function; the rotation function lists, adds, reads and (for rotated
  # secrets) disables versions.
  secret_iam = {
    webhooks-reads-recorder     = { secret = "meetrec-recorder-secret", role = local.secret, member = local.sa["webhooks"] }
    webhooks-lists-recorder     = { secret = "meetrec-recorder-secret", role = "roles/secretmanager.viewer", member = local.sa["webhooks"] }
    webhooks-reads-signing      = { secret = "meetrec-webhook-signing-secret", role = local.secret, member = local.sa["webhooks"] }
    intake-reads-clients        = { secret = "meetrec-client-secrets", role = local.secret, member = local.sa["intake"] }
    signing-reads-join-token    = { secret = "meetrec-join-token-secret", role = local.secret, member = local.sa["signing"] }
    rotation-reads-recorder     = { secret = "meetrec-recorder-secret", role = local.secret, member = local.sa["rotation"] }
    rotation-reads-join-token   = { secret = "meetrec-join-token-secret", role = local.secret, member = local.sa["rotation"] }
    rotation-reads-clients      = { secret = "meetrec-client-secrets", role = local.secret, member = local.sa["rotation"] }
    rotation-reads-signing      = { secret = "meetrec-webhook-signing-secret", role = local.secret, member = local.sa["rotation"] }
    rotation-rotates-recorder   = { secret = "meetrec-recorder-secret", role = local.roles["secret_rotator"], member = local.sa["rotation"] }
    rotation-rotates-join-token = { secret = "meetrec-join-token-secret", role = local.roles["secret_rotator"], member = local.sa["rotation"] }
    rotation-seeds-clients      = { secret = "meetrec-client-secrets", role = local.roles["secret_seeder"], member = local.sa["rotation"] }
    rotation-seeds-signing      = { secret = "meetrec-webhook-signing-secret", role = local.roles["secret_seeder"], member = local.sa["rotation"] }
  }

  depends_on = [module.project_services]
}

module "redis" {
  source = "../redis"

  project_id             = var.project_id
  region                 = var.region
  tier                   = var.redis_tier
  memory_size_gb         = var.redis_memory_gb
  network_id             = module.network.network_id
  network_name           = module.network.network_name
  private_services_range = module.network.private_services_range
  connector_cidr         = var.connector_cidr
  labels                 = local.labels

  depends_on = [module.project_services]
}

# Deployed first and on its own: it gives every secret its first version before anything reads one.
module "rotation_function" {
  source = "../functions"

  project_id            = var.project_id
  region                = var.region
  source_bucket_name    = "${var.project_id}-meetrec-rotation-sources"
  build_service_account = module.service_accounts.ids["builder"]
  labels                = local.labels

  sources_bucket_iam = {
    builder-reads-sources = { role = "roles/storage.objectViewer", member = local.sa["builder"] }
  }

  functions = {
    secret-rotation = {
      description           = "Seeds and rotates the meetrec secrets and publishes the recorder's SealedSecret."
      entry_point           = "io.meetrec.rotation.RotationFunction"
      source_archive        = var.function_archives["secret-rotation"]
      service_account_email = local.emails["rotation"]
      max_instances         = 1
      timeout_seconds       = 300
      trigger_topic_id      = module.pubsub.topic_ids["secret-rotation"]
      # Each cluster's Flux Bucket source reads only the <environment>/ prefix of the GitOps bucket
      # (k8s/clusters/<env>/sources.yaml), and its recorder-secrets Kustomization applies ./<env>.
      # The sealing certificate is fetched from the cluster's controller on each run.
      environment = {
        MEETREC_ROTATION_SINK_BUCKET       = module.storage.gitops_bucket
        MEETREC_ROTATION_SINK_OBJECT_NAME  = "${var.environment}/recorder-secrets.yaml"
        MEETREC_ROTATION_SEALING_CLUSTER   = module.cluster.cluster_id
        MEETREC_ROTATION_SEALING_NAMESPACE = var.namespace
      }
    }
  }

  invokers = {
    eventarc-calls-rotation = { function = "secret-rotation", member = local.sa["rotation"] }
  }

  depends_on = [module.project_services, module.secrets]
}

# Runs the rotation function once per deployment of it, inside this apply: every secret gets its
# first version (no secret material passes through Terraform or its state) before the functions
# that read them are deployed. Needs gcloud and run.routes.invoke on the function for whoever runs
# the apply (docs/operations.md, "A new environment").
resource "terraform_data" "first_rotation" {
  triggers_replace = [module.rotation_function.ids["secret-rotation"]]

  provisioner "local-exec" {
    command = "gcloud functions call meetrec-secret-rotation --gen2 --project=${var.project_id} --region=${var.region} --cloud-event='{\"specversion\":\"1.0\",\"type\":\"google.cloud.pubsub.topic.v1.messagePublished\",\"source\":\"//pubsub.googleapis.com/terraform\",\"id\":\"first-rotation\",\"datacontenttype\":\"application/json\",\"data\":{\"message\":{\"data\":\"e30=\"}}}'"
  }

  depends_on = [module.project_services, module.secrets]
}

module "functions" {
  source = "../functions"

  project_id            = var.project_id
  region                = var.region
  source_bucket_name    = "${var.project_id}-meetrec-function-sources"
  vpc_connector_id      = module.redis.connector_id
  redis_uri             = module.redis.uri
  build_service_account = module.service_accounts.ids["builder"]
  labels                = local.labels

  sources_bucket_iam = {
    builder-reads-sources = { role = "roles/storage.objectViewer", member = local.sa["builder"] }
  }

  functions = {
    intake = {
      description           = "Accepts, lists and stops recording requests."
      entry_point           = local.http_entry_point
      source_archive        = var.function_archives["intake"]
      service_account_email = local.emails["intake"]
      uses_redis            = true
      # Download links are V4 signed URLs for the gs:// URI stored with each recording, signed only
      # inside the recordings bucket (read access comes from recordings_bucket_iam).
      environment = {
        MEETREC_INTAKE_AUTH_SOURCE                      = "secret-manager"
        MEETREC_INTAKE_AUTH_SECRET_NAME                 = "meetrec-client-secrets"
        MEETREC_INTAKE_RECORDINGS_ALLOWED_MEETING_HOSTS = join(",", var.allowed_meeting_hosts)
        MEETREC_INTAKE_DOWNLOAD_KIND                    = "gcs"
        MEETREC_INTAKE_DOWNLOAD_BUCKET                  = module.storage.recordings_bucket
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
  }

  # Callers of intake authenticate by HMAC signature inside the function, so by default the platform
  # lets everybody reach it; under Domain Restricted Sharing allUsers is refused: set
  # intake_invokers instead (docs/operations.md).
  invokers = merge(
    {
      recorder-calls-signing = { function = "signing", member = local.sa["recorder"] }
      push-calls-webhooks    = { function = "webhooks", member = local.sa["events_push"] }
    },
    var.intake_public ? { anyone-calls-intake = { function = "intake", member = "allUsers" } } : {},
    { for m in var.intake_invokers : "calls-intake-${m}" => { function = "intake", member = m } },
  )

  depends_on = [module.project_services, terraform_data.first_rotation]
}

module "log_analytics" {
  source = "../log-analytics"

  project_id                 = var.project_id
  location                   = var.region
  queries_dir                = var.queries_dir
  schemas_dir                = var.schemas_dir
  delete_contents_on_destroy = var.force_destroy
  labels                     = local.labels

  depends_on = [module.project_services]
}

module "monitoring" {
  source = "../monitoring"

  project_id            = var.project_id
  namespace             = var.namespace
  recorder_subscription = module.pubsub.recorder_subscription
  webhooks_subscription = module.pubsub.webhooks_subscription
  alert_emails          = var.alert_emails
  notification_channels = var.notification_channels

  depends_on = [module.project_services]
}
