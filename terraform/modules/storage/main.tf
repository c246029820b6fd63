# Recordings are private media of customers: no object ACLs (uniform access), never public, and old
# objects move to cheaper classes or go away by lifecycle rather than by a cleanup job.
resource "google_storage_bucket" "recordings" {
  project                     = var.project_id
  name                        = var.recordings_bucket_name
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  dynamic "lifecycle_rule" {
    for_each = var.recordings_lifecycle_rules
    content {
      action {
        type          = lifecycle_rule.value.action
        storage_class = lifecycle_rule.value.storage_class
      }
      condition {
        age = lifecycle_rule.value.age_days
      }
    }
  }

  # The recorder uploads in resumable sessions; a pod killed mid-upload leaves parts behind.
  lifecycle_rule {
    action {
      type = "AbortIncompleteMultipartUpload"
    }
    condition {
      age = 1
    }
  }

  dynamic "retention_policy" {
    for_each = var.recordings_retention_days == null ? [] : [var.recordings_retention_days]
    content {
      retention_period = retention_policy.value * 86400
      is_locked        = false
    }
  }
}

# The GitOps bucket holds SealedSecrets written by the rotation function and read by Flux's Bucket
# source. Versioning keeps the previous sealed secret so a bad rotation can be rolled back.
resource "google_storage_bucket" "gitops" {
  project                     = var.project_id
  name                        = var.gitops_bucket_name
  location                    = var.location
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  versioning {
    enabled = true
  }

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      num_newer_versions = var.gitops_versions_kept
      with_state         = "ARCHIVED"
    }
  }
}

resource "google_storage_bucket_iam_member" "recordings" {
  for_each = var.recordings_bucket_iam

  bucket = google_storage_bucket.recordings.name
  role   = each.value.role
  member = each.value.member
}

resource "google_storage_bucket_iam_member" "gitops" {
  for_each = var.gitops_bucket_iam

  bucket = google_storage_bucket.gitops.name
  role   = each.value.role
  member = each.value.member
}
