project_id     = "meetrec-dev"
region         = "europe-west1"
cluster_name   = "meetrec-dev"
create_cluster = true
