package io.meetrec.rotation;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The Secret Manager secrets this function manages. Rotated secrets get a new version by age and
 * are published to the recorder as a SealedSecret (the previous value under {@code
 * <key>.previous}); seeded secrets only get a first version when they have none, so a new
 * environment's functions find one on their first start, and are never rotated. Terraform creates
 * the secrets without versions, so no secret value ever passes through its state.
 */
public enum ManagedSecret {
  RECORDER("meetrec-recorder-secret", "recorder-secret", Seed.RANDOM),
  JOIN_TOKEN("meetrec-join-token-secret", "join-token-secret", Seed.RANDOM),
  /** API clients and their HMAC secrets (JSON map); starts empty, operators add clients. */
  CLIENT_SECRETS("meetrec-client-secrets", null, Seed.EMPTY_CLIENT_MAP),
  /** The Standard Webhooks secret customers verify deliveries with; handed over, never rotated. */
  WEBHOOK_SIGNING("meetrec-webhook-signing-secret", null, Seed.WEBHOOK_SECRET);

  /** What a secret's first version holds. */
  enum Seed {
    RANDOM,
    EMPTY_CLIENT_MAP,
    WEBHOOK_SECRET
  }

  private final String secretId;
  private final String kubernetesKey;
  private final Seed seed;

  ManagedSecret(String secretId, String kubernetesKey, Seed seed) {
    this.secretId = secretId;
    this.kubernetesKey = kubernetesKey;
    this.seed = seed;
  }

  public String secretId() {
    return secretId;
  }

  /** Rotated by age and published to the recorder; otherwise only seeded once. */
  public boolean rotated() {
    return kubernetesKey != null;
  }

  public String kubernetesKey() {
    return kubernetesKey;
  }

  public String previousKubernetesKey() {
    return kubernetesKey + ".previous";
  }

  /** The first version of a seeded secret (a rotated one is seeded by its rotation). */
  byte[] seedValue(SecureRandom random, int bytes) {
    return switch (seed) {
      case EMPTY_CLIENT_MAP -> "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      case WEBHOOK_SECRET, RANDOM -> {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        String base64 = Base64.getEncoder().encodeToString(raw);
        yield (seed == Seed.WEBHOOK_SECRET ? "whsec_" + base64 : base64)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      }
    };
  }
}
