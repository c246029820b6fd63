package io.meetrec.shared.security;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.core.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * HMAC-SHA256 signatures of client requests to the intake API.
 *
 * <p>The client sends {@value #CLIENT_HEADER}, {@value #TIMESTAMP_HEADER} (epoch seconds), {@value
 * #NONCE_HEADER} and {@value #SIGNATURE_HEADER} = {@code v1=<lower-case hex>} of HMAC-SHA256 with
 * its secret over the canonical string {@code timestamp "\n" nonce "\n" METHOD "\n" pathWithQuery
 * "\n" body}, the body as the raw bytes sent. Binding method and path stops a signature for one
 * call from authorising another; the timestamp bounds how long a captured request is worth
 * anything, and the nonce, remembered by a {@link ReplayGuard}, stops it being replayed within that
 * window.
 *
 * <p>Error messages name what was wrong, never the secret or the signature that was expected.
 */
public final class RequestSignatures {

  public static final String CLIENT_HEADER = "X-Meetrec-Client";
  public static final String TIMESTAMP_HEADER = "X-Meetrec-Timestamp";
  public static final String NONCE_HEADER = "X-Meetrec-Nonce";
  public static final String SIGNATURE_HEADER = "X-Meetrec-Signature";
  public static final String VERSION_PREFIX = "v1=";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  // Printable and without separators, so the nonce cannot smuggle a line into the canonical string.
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._~-]{8,128}");
  private static final Pattern SIGNATURE = Pattern.compile("v1=[0-9a-fA-F]{64}");
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
  private static final HexFormat HEX = HexFormat.of();

  private final Clock clock;
  private final Duration tolerance;

  public RequestSignatures(Clock clock) {
    this(clock, DEFAULT_TOLERANCE);
  }

  /**
   * @param tolerance how far a timestamp may lie in the past or the future
   */
  public RequestSignatures(Clock clock, Duration tolerance) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("tolerance must be positive");
    }
  }

  public Duration tolerance() {
    return tolerance;
  }

  /** The {@value #SIGNATURE_HEADER} value, {@code v1=<hex>}. */
  public static String sign(
      Secret secret,
      long timestampSeconds,
      String nonce,
      String method,
      String pathWithQuery,
      byte[] body) {
    Objects.requireNonNull(secret, "secret");
    byte[] mac =
        secret.hmacSha256(
            canonical(Long.toString(timestampSeconds), nonce, method, pathWithQuery, body));
    return VERSION_PREFIX + HEX.formatHex(mac);
  }

  /** All four headers a client sends, in a stable order. */
  public static Map<String, String> headers(
      Secret secret,
      String clientId,
      long timestampSeconds,
      String nonce,
      String method,
      String pathWithQuery,
      byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CLIENT_HEADER, clientId);
    headers.put(TIMESTAMP_HEADER, Long.toString(timestampSeconds));
    headers.put(NONCE_HEADER, nonce);
    headers.put(
        SIGNATURE_HEADER, sign(secret, timestampSeconds, nonce, method, pathWithQuery, body));
    return headers;
  }

  /** The exact bytes that are signed. */
  public static byte[] canonical(
      String timestamp, String nonce, String method, String pathWithQuery, byte[] body) {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathWithQuery, "pathWithQuery");
    String head =
        timestamp
            + "\n"
            + nonce
            + "\n"
            + method.toUpperCase(Locale.ROOT)
            + "\n"
            + pathWithQuery
            + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /**
   * Verifies with headers looked up by name (case-insensitively, as HTTP requires, is the lookup's
   * job), e.g. {@code name -> request.getFirstHeader(name).orElse(null)}.
   */
  public VerifiedRequest verify(
      SecretKeySet keys,
      UnaryOperator<String> header,
      String method,
      String pathWithQuery,
      byte[] body) {
    return verify(
        keys,
        header.apply(TIMESTAMP_HEADER),
        header.apply(NONCE_HEADER),
        header.apply(SIGNATURE_HEADER),
        method,
        pathWithQuery,
        body);
  }

  /**
   * Checks presence, format, timestamp and signature, in that order. Replays are the caller's to
   * refuse with the returned nonce.
   *
   * @throws RecordingException {@code SIGNATURE_MISSING}, {@code SIGNATURE_INVALID} or {@code
   *     SIGNATURE_EXPIRED}
   */
  public VerifiedRequest verify(
      SecretKeySet keys,
      @Nullable String timestamp,
      @Nullable String nonce,
      @Nullable String signature,
      String method,
      String pathWithQuery,
      byte[] body) {
    Objects.requireNonNull(keys, "keys");
    requirePresent(timestamp, TIMESTAMP_HEADER);
    requirePresent(nonce, NONCE_HEADER);
    requirePresent(signature, SIGNATURE_HEADER);
    timestamp = timestamp.strip();
    nonce = nonce.strip();
    signature = signature.strip();
    if (!TIMESTAMP.matcher(timestamp).matches()) {
      throw invalid(TIMESTAMP_HEADER + " must be epoch seconds");
    }
    if (!NONCE.matcher(nonce).matches()) {
      throw invalid(NONCE_HEADER + " must be 8 to 128 characters of [A-Za-z0-9._~-]");
    }
    if (!SIGNATURE.matcher(signature).matches()) {
      throw invalid(SIGNATURE_HEADER + " must be v1=<64 hex digits>");
    }
    if (method == null || !METHOD.matcher(method.toUpperCase(Locale.ROOT)).matches()) {
      throw invalid("request method is not valid");
    }
    if (pathWithQuery == null || !pathWithQuery.startsWith("/")) {
      throw invalid("request path is not valid");
    }
    Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
    Instant now = clock.instant();
    if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
      throw new RecordingException(
          ErrorCode.SIGNATURE_EXPIRED,
          "request timestamp is more than "
              + tolerance.toSeconds()
              + " seconds away from the server's clock");
    }
    byte[] presented = HEX.parseHex(signature, VERSION_PREFIX.length(), signature.length());
    byte[] signed = canonical(timestamp, nonce, method, pathWithQuery, body);
    boolean previous = false;
    for (Secret candidate : keys.candidates()) {
      if (MessageDigest.isEqual(candidate.hmacSha256(signed), presented)) {
        return new VerifiedRequest(signedAt, nonce, previous);
      }
      previous = true;
    }
    throw invalid("request signature does not match");
  }

  private static void requirePresent(String value, String header) {
    if (value == null || value.isBlank()) {
      throw new RecordingException(ErrorCode.SIGNATURE_MISSING, "header " + header + " is missing");
    }
  }

  private static RecordingException invalid(String message) {
    return new RecordingException(ErrorCode.SIGNATURE_INVALID, message);
  }

  /**
   * A request whose signature verified.
   *
   * @param nonce to hand to {@link ReplayGuard#firstUse}
   * @param previousSecret true when only the previous secret verified: the client has not picked up
   *     the rotation yet
   */
  public record VerifiedRequest(Instant signedAt, String nonce, boolean previousSecret) {}
}
