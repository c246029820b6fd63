project_id   = "meetrec-prod"
region       = "europe-west1"
cluster_name = "meetrec-prod"
