project_id   = "meetrec-prod"
region       = "europe-west1"
cluster_name = "meetrec-prod"
# Placeholder: the meeting hosts this deployment records; intake refuses every other meetingUrl.
allowed_meeting_hosts = ["meet.example.com", "*.meet.example.com"]
# Placeholder: who gets the alerts (one email notification channel each).
alert_emails = ["meetrec-oncall@example.com"]
