package io.meetrec.rotation;

/**
 * The Secret Manager secrets this function rotates, and the key each one has in the recorder's
 * Kubernetes Secret (the previous value under {@code <key>.previous}).
 */
public enum ManagedSecret {
  RECORDER("meetrec-recorder-secret", "recorder-secret"),
  JOIN_TOKEN("meetrec-join-token-secret", "join-token-secret");

  private final String secretId;
  private final String kubernetesKey;

  ManagedSecret(String secretId, String kubernetesKey) {
    this.secretId = secretId;
    this.kubernetesKey = kubernetesKey;
  }

  public String secretId() {
    return secretId;
  }

  public String kubernetesKey() {
    return kubernetesKey;
  }

  public String previousKubernetesKey() {
    return kubernetesKey + ".previous";
  }
}
