output "alert_policy_ids" {
  description = "Alert policy ids by purpose."
  value = {
    recorder_errors       = google_monitoring_alert_policy.recorder_errors.id
    recorder_availability = google_monitoring_alert_policy.recorder_availability.id
    oldest_unacked        = google_monitoring_alert_policy.oldest_unacked.id
  }
}

output "dashboard_id" {
  description = "Id of the dashboard."
  value       = google_monitoring_dashboard.meetrec.id
}
