package io.meetrec.shared.security;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Signing and verification per the <a href="https://www.standardwebhooks.com/">Standard
 * Webhooks</a> specification, so a customer can verify our webhooks with any library for it: the
 * signed content is {@code msgId "." timestamp "." payload}, the signature {@code v1,<base64
 * HMAC-SHA256>}. The signature header may carry several space-separated signatures (one per secret
 * during a rotation); one match is enough.
 */
public final class StandardWebhooks {

  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";
  public static final String VERSION_PREFIX = "v1,";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final int MAX_SIGNATURES = 16;

  private StandardWebhooks() {}

  /** The {@value #SIGNATURE_HEADER} value for one secret: {@code v1,<base64>}. */
  public static String sign(Secret secret, String msgId, long timestampSeconds, byte[] payload) {
    Objects.requireNonNull(secret, "secret");
    return VERSION_PREFIX
        + Base64.getEncoder().encodeToString(mac(secret, msgId, timestampSeconds, payload));
  }

  /** The three headers of a delivery, signed with every secret of the set (current first). */
  public static Map<String, String> headers(
      SecretKeySet keys, String msgId, long timestampSeconds, byte[] payload) {
    StringBuilder signatures = new StringBuilder();
    for (Secret secret : keys.candidates()) {
      if (!signatures.isEmpty()) {
        signatures.append(' ');
      }
      signatures.append(sign(secret, msgId, timestampSeconds, payload));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(ID_HEADER, msgId);
    headers.put(TIMESTAMP_HEADER, Long.toString(timestampSeconds));
    headers.put(SIGNATURE_HEADER, signatures.toString());
    return headers;
  }

  /** {@link #verify(List, String, String, String, byte[], Clock, Duration)} with the key set. */
  public static void verify(
      SecretKeySet keys,
      @Nullable String msgId,
      @Nullable String timestamp,
      @Nullable String signatureHeader,
      byte[] payload,
      Clock clock) {
    verify(keys.candidates(), msgId, timestamp, signatureHeader, payload, clock, DEFAULT_TOLERANCE);
  }

  /**
   * Verifies a delivery.
   *
   * @param signatureHeader one or more space-separated {@code v<n>,<base64>} signatures; versions
   *     other than {@code v1} are skipped, as the specification asks
   * @throws RecordingException {@code SIGNATURE_MISSING}, {@code SIGNATURE_INVALID} or {@code
   *     SIGNATURE_EXPIRED}
   */
  public static void verify(
      List<Secret> secrets,
      @Nullable String msgId,
      @Nullable String timestamp,
      @Nullable String signatureHeader,
      byte[] payload,
      Clock clock,
      Duration tolerance) {
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret is needed to verify");
    }
    Objects.requireNonNull(payload, "payload");
    requirePresent(msgId, ID_HEADER);
    requirePresent(timestamp, TIMESTAMP_HEADER);
    requirePresent(signatureHeader, SIGNATURE_HEADER);
    if (!TIMESTAMP.matcher(timestamp).matches()) {
      throw new RecordingException(
          ErrorCode.SIGNATURE_INVALID, TIMESTAMP_HEADER + " must be epoch seconds");
    }
    long seconds = Long.parseLong(timestamp);
    if (Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs().compareTo(tolerance)
        > 0) {
      throw new RecordingException(
          ErrorCode.SIGNATURE_EXPIRED,
          "webhook timestamp is more than " + tolerance.toSeconds() + " seconds away from now");
    }
    String[] presented = signatureHeader.strip().split(" +");
    if (presented.length > MAX_SIGNATURES) {
      throw new RecordingException(
          ErrorCode.SIGNATURE_INVALID, SIGNATURE_HEADER + " carries too many signatures");
    }
    for (Secret secret : secrets) {
      byte[] expected = mac(secret, msgId, seconds, payload);
      for (String candidate : presented) {
        if (!candidate.startsWith(VERSION_PREFIX)) {
          continue;
        }
        byte[] decoded;
        try {
          decoded = Base64.getDecoder().decode(candidate.substring(VERSION_PREFIX.length()));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (MessageDigest.isEqual(expected, decoded)) {
          return;
        }
      }
    }
    throw new RecordingException(ErrorCode.SIGNATURE_INVALID, "webhook signature does not match");
  }

  private static byte[] mac(Secret secret, String msgId, long timestampSeconds, byte[] payload) {
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(payload, "payload");
    byte[] prefix = (msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    return secret.hmacSha256(prefix, payload);
  }

  private static void requirePresent(String value, String header) {
    if (value == null || value.isBlank()) {
      throw new RecordingException(ErrorCode.SIGNATURE_MISSING, "header " + header + " is missing");
    }
  }
}
