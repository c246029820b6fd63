project_id   = "meetrec-staging"
region       = "europe-west1"
cluster_name = "meetrec-staging"
