# Either an existing cluster (var.cluster_name) or a small VPC-native cluster created here; the
# recorder pool is the only thing this module adds to an existing cluster.
resource "google_container_cluster" "main" {
  count = var.create_cluster ? 1 : 0

  project                  = var.project_id
  name                     = var.cluster_name
  location                 = var.location
  network                  = var.network
  subnetwork               = var.subnetwork
  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = var.deletion_protection
  # Dataplane V2 enforces the recorder's NetworkPolicy.
  datapath_provider = "ADVANCED_DATAPATH"

  ip_allocation_policy {
    stack_type = "IPV4"
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  release_channel {
    channel = "REGULAR"
  }
}

locals {
  cluster_name = var.create_cluster ? google_container_cluster.main[0].name : var.cluster_name
}

resource "google_container_node_pool" "recorder" {
  project  = var.project_id
  name     = var.pool_name
  location = var.location
  cluster  = local.cluster_name

  autoscaling {
    total_min_node_count = var.min_nodes
    total_max_node_count = var.max_nodes
    location_policy      = "ANY"
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  # Surge only: an upgrade must never take a recording node away before its pods drained.
  upgrade_settings {
    max_surge       = 1
    max_unavailable = 0
  }

  node_config {
    machine_type    = var.machine_type
    disk_size_gb    = var.disk_size_gb
    disk_type       = "pd-balanced"
    image_type      = "COS_CONTAINERD"
    service_account = var.node_service_account_email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    spot            = false
    resource_labels = var.labels

    # Must match k8s/base/recorder/deployment.yaml (nodeSelector and tolerations); infra-tests checks it.
    labels = {
      "meetrec.io/pool" = "recorder"
    }

    taint {
      key    = "meetrec.io/recorder"
      value  = "true"
      effect = "NO_SCHEDULE"
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}
