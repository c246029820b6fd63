resource "google_redis_instance" "main" {
  project            = var.project_id
  region             = var.region
  name               = var.name
  tier               = var.tier
  memory_size_gb     = var.memory_size_gb
  redis_version      = "REDIS_7_2"
  authorized_network = var.network_id
  connect_mode       = "PRIVATE_SERVICE_ACCESS"
  # The allocated range of the network module, read from its peering: Redis is created only once
  # private services access exists.
  reserved_ip_range = var.private_services_range
  labels            = var.labels

  # Evicting would drop nonces, idempotency keys and leases first: every key the system writes has
  # a TTL or a terminal retention, so memory is bounded by design and watched by an alert instead.
  redis_configs = {
    maxmemory-policy = "noeviction"
  }

  # Recording state must survive a Memorystore restart: leases and terminal states decide what the
  # fleet does next.
  persistence_config {
    persistence_mode    = "RDB"
    rdb_snapshot_period = "ONE_HOUR"
  }
}

# Cloud Functions reach the private Redis address through this connector.
resource "google_vpc_access_connector" "main" {
  project       = var.project_id
  region        = var.region
  name          = var.connector_name
  network       = var.network_name
  ip_cidr_range = var.connector_cidr
  machine_type  = "e2-micro"
  min_instances = 2
  max_instances = 3
}
