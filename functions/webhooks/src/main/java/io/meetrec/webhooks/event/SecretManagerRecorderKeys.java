package io.meetrec.webhooks.event;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretVersion;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The two newest enabled versions of the recorder secret in Secret Manager (the rotation function
 * keeps exactly those enabled during an overlap), cached briefly so a burst of pushes costs one
 * lookup.
 */
public final class SecretManagerRecorderKeys implements RecorderKeys {

  private final SecretManagerServiceClient client;
  private final SecretName secret;
  private final Duration ttl;
  private final Clock clock;
  private SecretKeySet cached;
  private Instant cachedUntil = Instant.MIN;

  public SecretManagerRecorderKeys(
      SecretManagerServiceClient client, SecretName secret, Duration ttl, Clock clock) {
    this.client = client;
    this.secret = secret;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized SecretKeySet keys() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cachedUntil)) {
      return cached;
    }
    try {
      List<SecretVersion> enabled = new ArrayList<>();
      for (SecretVersion v : client.listSecretVersions(secret).iterateAll()) {
        if (v.getState() == SecretVersion.State.ENABLED) {
          enabled.add(v);
        }
      }
      enabled.sort(
          Comparator.comparingLong((SecretVersion v) -> v.getCreateTime().getSeconds())
              .thenComparingInt(v -> v.getCreateTime().getNanos())
              .reversed());
      if (enabled.isEmpty()) {
        throw new RecordingException(ErrorCode.UNAVAILABLE, "recorder secret has no version");
      }
      Secret current = access(enabled.get(0));
      Secret previous = enabled.size() > 1 ? access(enabled.get(1)) : null;
      cached = new SecretKeySet(current, previous);
      cachedUntil = now.plus(ttl);
      return cached;
    } catch (com.google.api.gax.rpc.ApiException e) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "Secret Manager unavailable", e);
    }
  }

  private Secret access(SecretVersion v) {
    String text =
        client
            .accessSecretVersion(v.getName())
            .getPayload()
            .getData()
            .toString(StandardCharsets.US_ASCII);
    return Secret.fromBase64(text.trim());
  }

  @Override
  public void close() {
    client.close();
  }
}
