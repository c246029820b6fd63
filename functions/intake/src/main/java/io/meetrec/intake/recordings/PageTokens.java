package io.meetrec.intake.recordings;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.store.RecordingStore.PageCursor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The list's {@code pageToken}: opaque to clients (AIP-158), it holds where the page ends and a
 * short digest of the query it belongs to, so a token used with another conference or client is
 * refused instead of silently listing from a wrong place.
 */
final class PageTokens {

  private static final Pattern SHAPE =
      Pattern.compile("(\\d{1,19}):([0-9a-f]{8}):([A-Za-z0-9_-]{1,128})");
  private static final int MAX_LENGTH = 256;

  private PageTokens() {}

  static String encode(PageCursor cursor, String clientId, String conferenceId) {
    String plain = cursor.createdMs() + ":" + scope(clientId, conferenceId) + ":" + cursor.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code token}; a 400 {@code invalid_field} for anything this did not issue. */
  static PageCursor decode(String token, String clientId, String conferenceId) {
    if (token.length() > MAX_LENGTH) {
      throw invalid();
    }
    String plain;
    try {
      plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    var m = SHAPE.matcher(plain);
    if (!m.matches() || !m.group(2).equals(scope(clientId, conferenceId))) {
      throw invalid();
    }
    try {
      return new PageCursor(Long.parseLong(m.group(1)), m.group(3));
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static String scope(String clientId, String conferenceId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((clientId + "\n" + conferenceId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static RecordingException invalid() {
    return new RecordingException(
        ErrorCode.INVALID_FIELD,
        "pageToken is not one this list issued for this conferenceId; start without one");
  }
}
