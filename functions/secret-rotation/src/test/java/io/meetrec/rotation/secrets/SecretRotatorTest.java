package io.meetrec.rotation.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.rotation.MutableClock;
import io.meetrec.rotation.RotationConfiguration;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.EventSignatures;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretRotatorTest {

  private static final String SECRET = "meetrec-recorder-secret";
  private static final Duration INTERVAL = Duration.ofDays(30);
  private static final Duration OVERLAP = Duration.ofDays(2);
  private static final RecordingEvent EVENT =
      new RecordingEvent("evt_1", "rec_1", "recording.completed", Instant.EPOCH, null, Map.of());
  private static final byte[] DATA = "{\"eventId\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

  private MutableClock clock;
  private InMemorySecretVersions versions;
  private SecretRotator rotator;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    versions = new InMemorySecretVersions(clock);
    rotator =
        new SecretRotator(
            versions, new RotationConfiguration(INTERVAL, OVERLAP, 32, "p", "in-memory"), clock);
  }

  @Test
  void createsTheFirstVersionWhenTheSecretHasNone() {
    RotationResult r = rotator.rotate(SECRET);

    assertThat(r.added()).isEqualTo("1");
    assertThat(r.current()).isEqualTo("1");
    assertThat(r.previous()).isNull();
    assertThat(Base64.getDecoder().decode(rotator.value(SECRET, "1"))).hasSize(32);
  }

  @Test
  void secondRunInsideTheIntervalChangesNothing() {
    rotator.rotate(SECRET);
    List<SecretVersion> before = versions.list(SECRET);

    clock.advance(INTERVAL.minusHours(1));
    RotationResult again = rotator.rotate(SECRET);

    assertThat(again.changed()).isFalse();
    assertThat(again.current()).isEqualTo("1");
    assertThat(versions.list(SECRET)).isEqualTo(before);
  }

  @Test
  void secondRunInsideTheOverlapAfterARotationChangesNothing() {
    rotator.rotate(SECRET);
    clock.advance(INTERVAL);
    rotator.rotate(SECRET);
    List<SecretVersion> before = versions.list(SECRET);

    clock.advance(OVERLAP.dividedBy(2));
    RotationResult again = rotator.rotate(SECRET);

    assertThat(again.changed()).isFalse();
    assertThat(again.previous()).isEqualTo("1");
    assertThat(versions.list(SECRET)).isEqualTo(before);
  }

  @Test
  void previousSecretVerifiesUntilTheOverlapEndsThenFails() {
    rotator.rotate(SECRET);
    clock.advance(INTERVAL.minusMinutes(1));
    Map<String, String> signedJustBeforeRotation =
        EventSignatures.attributes(
            Secret.fromBase64(rotator.value(SECRET, "1")), EVENT, DATA, clock);

    clock.advance(Duration.ofMinutes(1));
    RotationResult rotated = rotator.rotate(SECRET);
    assertThat(rotated.added()).isEqualTo("2");
    assertThat(rotated.previous()).isEqualTo("1");
    assertThat(verifies(keySet(rotated), signedJustBeforeRotation)).isTrue();

    clock.advance(OVERLAP.minusMinutes(1));
    RotationResult stillInOverlap = rotator.rotate(SECRET);
    assertThat(verifies(keySet(stillInOverlap), signedJustBeforeRotation)).isTrue();

    clock.advance(Duration.ofMinutes(1));
    RotationResult afterOverlap = rotator.rotate(SECRET);
    assertThat(afterOverlap.disabled()).containsExactly("1");
    assertThat(afterOverlap.previous()).isNull();
    assertThat(verifies(keySet(afterOverlap), signedJustBeforeRotation)).isFalse();
    assertThat(versions.list(SECRET))
        .filteredOn(SecretVersion::enabled)
        .extracting(SecretVersion::id)
        .containsExactly("2");
  }

  @Test
  void disablesEverythingOlderThanThePreviousVersion() {
    rotator.rotate(SECRET);
    // Versions left enabled by hand (or by an older tool) are cleaned up on the next rotation.
    versions.add(SECRET, "x".getBytes(StandardCharsets.US_ASCII));
    clock.advance(INTERVAL);
    versions.add(SECRET, "y".getBytes(StandardCharsets.US_ASCII));
    clock.advance(INTERVAL);

    RotationResult r = rotator.rotate(SECRET);

    assertThat(r.added()).isEqualTo("4");
    assertThat(r.previous()).isEqualTo("3");
    assertThat(r.disabled()).containsExactlyInAnyOrder("1", "2");
  }

  /** The key set the recorder and the webhook function load after this run. */
  private SecretKeySet keySet(RotationResult r) {
    return new SecretKeySet(
        Secret.fromBase64(rotator.value(SECRET, r.current())),
        r.previous() == null ? null : Secret.fromBase64(rotator.value(SECRET, r.previous())));
  }

  /** Verified with the project's event signature check, as the webhook function does. */
  private boolean verifies(SecretKeySet keys, Map<String, String> attributes) {
    try {
      EventSignatures.verify(keys, attributes, DATA, clock);
      return true;
    } catch (RecordingException e) {
      return false;
    }
  }
}
