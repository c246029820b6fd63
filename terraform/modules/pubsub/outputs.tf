output "topic_ids" {
  description = "Main topic ids by name."
  value       = { for name, topic in google_pubsub_topic.main : name => topic.id }
}

output "dead_letter_topic_ids" {
  description = "Dead-letter topic ids by source topic name."
  value       = { for name, topic in google_pubsub_topic.dead_letter : name => topic.id }
}

output "recorder_subscription" {
  description = "Name of the recorder's pull subscription."
  value       = google_pubsub_subscription.recorder.name
}

output "webhooks_subscription" {
  description = "Name of the push subscription feeding the webhooks function."
  value       = google_pubsub_subscription.webhooks.name
}

output "developer_subscriptions" {
  description = "Developers' subscription names by developer."
  value       = { for name, sub in google_pubsub_subscription.developer : name => sub.name }
}
