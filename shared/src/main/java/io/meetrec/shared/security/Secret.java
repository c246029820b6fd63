package io.meetrec.shared.security;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key material that cannot leak by accident: it never prints, compares in constant time, and hands
 * out only copies. Error messages about a malformed secret never echo the input, because the input
 * is the secret.
 */
public final class Secret {

  /** Prefix of Standard Webhooks secrets ({@code whsec_<base64>}). */
  public static final String WEBHOOK_SECRET_PREFIX = "whsec_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HMAC_SHA256 = "HmacSHA256";

  private final byte[] value;

  private Secret(byte[] value) {
    if (value.length == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    this.value = value;
  }

  public static Secret of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new Secret(bytes.clone());
  }

  /**
   * Decodes standard base64 (padding optional), as secrets are stored in Secret Manager and mounted
   * files; surrounding whitespace such as a trailing newline is ignored.
   */
  public static Secret fromBase64(String base64) {
    Objects.requireNonNull(base64, "base64");
    return new Secret(decode(base64.strip()));
  }

  /** Decodes a Standard Webhooks secret; the {@code whsec_} prefix is optional. */
  public static Secret fromWebhookSecret(String webhookSecret) {
    Objects.requireNonNull(webhookSecret, "webhookSecret");
    String encoded = webhookSecret.strip();
    if (encoded.startsWith(WEBHOOK_SECRET_PREFIX)) {
      encoded = encoded.substring(WEBHOOK_SECRET_PREFIX.length());
    }
    return new Secret(decode(encoded));
  }

  /** A fresh random secret, e.g. for rotation. 32 bytes suit every use in this project. */
  public static Secret generate(int length) {
    if (length < 16) {
      throw new IllegalArgumentException("a generated secret needs at least 16 bytes");
    }
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return new Secret(bytes);
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character; drop it together with the cause.
      throw new IllegalArgumentException("secret is not valid base64");
    }
  }

  /** A copy of the key bytes; the caller owns it and should clear it when done. */
  public byte[] bytes() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  /**
   * The base64 form that {@link #fromBase64(String)} reads, for writing a new secret to storage.
   */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(value);
  }

  /** HMAC-SHA256 over the parts in order, without copying the key out of this object. */
  byte[] hmacSha256(byte[]... parts) {
    Mac mac;
    try {
      mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(value, HMAC_SHA256));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && MessageDigest.isEqual(value, that.value);
  }

  /** Derived from the length only, so a hash table never learns anything about the content. */
  @Override
  public int hashCode() {
    return Integer.hashCode(value.length);
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }

  /** Clears a copy obtained from {@link #bytes()}. */
  public static void wipe(byte[] copy) {
    if (copy != null) {
      Arrays.fill(copy, (byte) 0);
    }
  }
}
