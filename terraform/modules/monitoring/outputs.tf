output "alert_policy_ids" {
  description = "Alert policy ids by purpose."
  value = merge(
    {
      recorder_errors       = google_monitoring_alert_policy.recorder_errors.id
      recorder_availability = google_monitoring_alert_policy.recorder_availability.id
      failure_rate          = google_monitoring_alert_policy.failure_rate.id
      function_errors       = google_monitoring_alert_policy.function_errors.id
    },
    { for k, a in google_monitoring_alert_policy.dead_letters : "dead_letters_${k}" => a.id },
    { for k, a in google_monitoring_alert_policy.oldest_unacked : "oldest_unacked_${k}" => a.id },
  )
}

output "notification_channels" {
  description = "Channel ids every alert notifies."
  value       = local.channels
}

output "dashboard_id" {
  description = "Id of the dashboard."
  value       = google_monitoring_dashboard.meetrec.id
}
