locals {
  topics             = toset(["recording-requests", "recording-events", "secret-rotation"])
  dead_lettered      = toset(["recording-requests", "recording-events"])
  pubsub_agent       = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  dead_letter_topics = { for t in local.dead_lettered : t => "${t}-dead-letter" }
}

data "google_project" "this" {
  project_id = var.project_id
}

resource "google_pubsub_topic" "main" {
  for_each = local.topics

  project                    = var.project_id
  name                       = each.key
  labels                     = var.labels
  message_retention_duration = var.topic_message_retention
}

resource "google_pubsub_topic" "dead_letter" {
  for_each = local.dead_letter_topics

  project = var.project_id
  name    = each.value
  labels  = var.labels
}

# Operators inspect and replay dead letters from these subscriptions, so they keep acked messages
# and never expire.
resource "google_pubsub_subscription" "dead_letter" {
  for_each = local.dead_letter_topics

  project                    = var.project_id
  name                       = "${each.value}-sub"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  message_retention_duration = "604800s"
  retain_acked_messages      = true
  labels                     = var.labels

  expiration_policy {
    ttl = ""
  }
}

# The recorder acks within seconds of claiming a job in Redis (the lease protects the recording
# itself), so a short ack deadline makes a crashed pod's message come back quickly.
resource "google_pubsub_subscription" "recorder" {
  project                    = var.project_id
  name                       = "recording-requests-recorder"
  topic                      = google_pubsub_topic.main["recording-requests"].id
  ack_deadline_seconds       = 30
  message_retention_duration = var.request_retention
  retain_acked_messages      = true
  labels                     = var.labels
  # Jobs of developers' clients (client id developer-<name>) go to their personal subscription
  # only; intake puts the client id on every job as the attribute clientId.
  filter = length(var.developer_names) == 0 ? "" : "NOT hasPrefix(attributes.clientId, \"developer-\")"

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "300s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter["recording-requests"].id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }
}

# One subscription per developer so a personal recorder (dev overlay template) never steals messages
# from the shared dev fleet; unused ones expire on their own.
resource "google_pubsub_subscription" "developer" {
  for_each = toset(var.developer_names)

  project                    = var.project_id
  name                       = "recording-requests-recorder-${each.key}"
  topic                      = google_pubsub_topic.main["recording-requests"].id
  ack_deadline_seconds       = 30
  message_retention_duration = "3600s"
  labels                     = var.labels
  # Only the jobs of this developer's own client (developer-<name>).
  filter = "attributes.clientId = \"developer-${each.key}\""

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "300s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter["recording-requests"].id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = "604800s"
  }
}

# Push with an OIDC token: the webhooks function only accepts calls that carry a token of the push
# identity, which holds run.invoker on that function and nothing else.
resource "google_pubsub_subscription" "webhooks" {
  project                    = var.project_id
  name                       = "recording-events-webhooks"
  topic                      = google_pubsub_topic.main["recording-events"].id
  ack_deadline_seconds       = 60
  enable_message_ordering    = true
  message_retention_duration = var.request_retention
  labels                     = var.labels

  push_config {
    push_endpoint = var.webhooks_push_endpoint

    oidc_token {
      service_account_email = var.push_service_account_email
      audience              = var.webhooks_push_endpoint
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter["recording-events"].id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }
}

# Dead-lettering is done by the Pub/Sub service agent: it must publish to the dead-letter topics and
# subscribe (ack) on the source subscriptions.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = local.dead_letter_topics

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[each.key].name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "agent_recorder" {
  project      = var.project_id
  subscription = google_pubsub_subscription.recorder.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "agent_webhooks" {
  project      = var.project_id
  subscription = google_pubsub_subscription.webhooks.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "agent_developer" {
  for_each = google_pubsub_subscription.developer

  project      = var.project_id
  subscription = each.value.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

resource "google_pubsub_topic_iam_member" "main" {
  for_each = var.topic_iam

  project = var.project_id
  topic   = google_pubsub_topic.main[each.value.topic].name
  role    = each.value.role
  member  = each.value.member
}

resource "google_pubsub_subscription_iam_member" "recorder" {
  for_each = var.recorder_subscription_iam

  project      = var.project_id
  subscription = google_pubsub_subscription.recorder.name
  role         = each.value.role
  member       = each.value.member
}

resource "google_pubsub_subscription_iam_member" "developer" {
  for_each = var.developer_subscription_iam

  project      = var.project_id
  subscription = google_pubsub_subscription.developer[each.value.developer].name
  role         = each.value.role
  member       = each.value.member
}
