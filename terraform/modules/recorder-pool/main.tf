# The environment's cluster, created in every environment: a private, VPC-native, Dataplane V2
# cluster with Workload Identity and Managed Prometheus, an untainted system pool for kube-dns,
# Flux, KEDA and the sealed-secrets controller, and the tainted recorder pool.
resource "google_container_cluster" "main" {
  project                  = var.project_id
  name                     = var.cluster_name
  location                 = var.location
  network                  = var.network
  subnetwork               = var.subnetwork
  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = var.deletion_protection
  # Dataplane V2 enforces the recorder's NetworkPolicy (metadata server at 169.254.169.254:80).
  datapath_provider = "ADVANCED_DATAPATH"

  ip_allocation_policy {
    stack_type                    = "IPV4"
    cluster_secondary_range_name  = var.pods_range_name
    services_secondary_range_name = var.services_range_name
  }

  # Nodes get no external address (organisation policies often forbid them); egress goes through
  # Cloud NAT. The control plane keeps its public endpoint for flux bootstrap and the rotation
  # function's certificate fetch.
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = var.master_cidr
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  release_channel {
    channel = "REGULAR"
  }

  # PodMonitoring objects (the recorder's /prometheus) are collected into Cloud Monitoring.
  monitoring_config {
    enable_components = ["SYSTEM_COMPONENTS"]
    managed_prometheus {
      enabled = true
    }
  }

  # Upgrades start in the quiet hours; the recorder pool's blue-green soak does the rest.
  maintenance_policy {
    recurring_window {
      start_time = var.maintenance_start
      end_time   = var.maintenance_end
      recurrence = var.maintenance_recurrence
    }
  }
}

# kube-dns, Flux, KEDA, the sealed-secrets controller and GKE's own agents run here: the recorder
# pool is tainted, so without this pool `flux bootstrap` would wait forever.
resource "google_container_node_pool" "system" {
  project  = var.project_id
  name     = "system"
  location = var.location
  cluster  = google_container_cluster.main.name

  autoscaling {
    total_min_node_count = var.system_min_nodes
    total_max_node_count = var.system_max_nodes
    location_policy      = "BALANCED"
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = var.system_machine_type
    disk_size_gb    = 50
    disk_type       = "pd-balanced"
    image_type      = "COS_CONTAINERD"
    service_account = var.node_service_account_email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    resource_labels = var.labels

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}

resource "google_container_node_pool" "recorder" {
  project  = var.project_id
  name     = var.pool_name
  location = var.location
  cluster  = google_container_cluster.main.name

  autoscaling {
    total_min_node_count = var.min_nodes
    total_max_node_count = var.max_nodes
    location_policy      = "ANY"
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  # A surge upgrade gives a pod at most about an hour to stop, far less than a 4 h recording.
  # Blue-green cordons the old nodes first (no new recording lands there), drains one node per
  # batch and waits the batch soak, then keeps the old pool for the pool soak: both are longer
  # than the pods' terminationGracePeriodSeconds (infra-tests checks it against the Deployment).
  upgrade_settings {
    strategy = "BLUE_GREEN"

    blue_green_settings {
      node_pool_soak_duration = var.upgrade_soak

      standard_rollout_policy {
        batch_node_count    = 1
        batch_soak_duration = var.upgrade_soak
      }
    }
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
