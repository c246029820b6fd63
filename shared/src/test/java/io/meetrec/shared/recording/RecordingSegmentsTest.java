package io.meetrec.shared.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingSegmentsTest {

  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

  private static RecordingOutput media(String name, double seconds) {
    return new RecordingOutput("file:///" + name, 100, seconds, null, null, "video/mp4");
  }

  @Test
  void lostSecondsAreTheGapsBetweenSegmentsAndAfterTheLastWhenItWasLost() {
    List<RecordingSegment> segments =
        List.of(
            new RecordingSegment(1, T0, 20.0, media("a", 20.0)),
            new RecordingSegment(2, T0.plusSeconds(29), 10.0, null),
            new RecordingSegment(3, T0.plusMillis(47_500), 5.0, media("c", 5.0)));

    assertThat(RecordingSegments.lostSeconds(segments, null)).isEqualTo(9.0 + 8.5);
    assertThat(RecordingSegments.lostSeconds(segments, T0.plusSeconds(55)))
        .isEqualTo(9.0 + 8.5 + 2.5);
    assertThat(RecordingSegments.lostSeconds(segments.subList(0, 1), T0.plusSeconds(10)))
        .as("a stop before the media's end loses nothing")
        .isZero();
  }

  @Test
  void theOutputIsTheFirstSegmentWithMediaListingThemAll() {
    List<RecordingSegment> segments =
        List.of(
            new RecordingSegment(1, T0, 0, null),
            new RecordingSegment(2, T0.plusSeconds(12), 30.0, media("b", 30.0)),
            new RecordingSegment(3, T0.plusSeconds(50), 5.0, media("c", 5.0)));

    RecordingOutput output = RecordingSegments.output(segments, null);

    assertThat(output.uri()).isEqualTo("file:///b");
    assertThat(output.durationSeconds()).isEqualTo(30.0);
    assertThat(output.segments()).containsExactlyElementsOf(segments);
    assertThat(output.lostSeconds()).isEqualTo(12.0 + 8.0);
    assertThat(RecordingSegments.output(List.of(new RecordingSegment(1, T0, 0, null)), null))
        .isNull();
  }
}
