package io.meetrec.recorder.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationCapTest {

  private final SessionConfiguration config =
      new SessionConfiguration(
          Duration.ofSeconds(30),
          Duration.ofMillis(500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofHours(1),
          Duration.ofHours(4),
          Duration.ofMinutes(15));

  @Test
  void aJobRecordsWhatItAsksForWithinThePolicyAndBelowTheDrainGrace() {
    Duration grace = Duration.ofMinutes(255);
    assertThat(config.cap(600, grace)).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.cap(0, grace))
        .as("the default when none is asked")
        .isEqualTo(Duration.ofHours(1));
    assertThat(config.cap(10 * 3600, grace))
        .as("the policy maximum")
        .isEqualTo(Duration.ofHours(4));
    assertThat(config.cap(4 * 3600, Duration.ofHours(2)))
        .as("the drain grace minus the finalize margin")
        .isEqualTo(Duration.ofMinutes(105));
  }
}
