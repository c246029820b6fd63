package io.meetrec.shared.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * What a join token asserts: this recorder may join this conference for this recording until {@code
 * expiresAt}. Times are whole seconds, as JWT carries them.
 *
 * @param audience the conference id
 * @param subject the recording id
 * @param tokenId unique per token ({@code jti}), so the meeting side can refuse a second use
 */
public record JoinClaims(
    String issuer, String audience, String subject, Instant expiresAt, String tokenId) {

  public JoinClaims {
    requireText(issuer, "issuer");
    requireText(audience, "audience");
    requireText(subject, "subject");
    Objects.requireNonNull(expiresAt, "expiresAt");
    requireText(tokenId, "tokenId");
    expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Claims for one recording, valid for {@code ttl} from now, with a fresh random token id. */
  public static JoinClaims forRecording(
      String issuer, String conferenceId, String recordingId, Clock clock, Duration ttl) {
    return new JoinClaims(
        issuer, conferenceId, recordingId, clock.instant().plus(ttl), UUID.randomUUID().toString());
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
