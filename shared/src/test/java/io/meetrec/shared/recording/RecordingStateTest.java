package io.meetrec.shared.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.serde.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingStateTest {

  @Test
  void happyPathMovesForwardOnly() {
    assertThat(RecordingState.QUEUED.canMoveTo(RecordingState.STARTING)).isTrue();
    assertThat(RecordingState.STARTING.canMoveTo(RecordingState.RECORDING)).isTrue();
    assertThat(RecordingState.RECORDING.canMoveTo(RecordingState.FINALIZING)).isTrue();
    assertThat(RecordingState.FINALIZING.canMoveTo(RecordingState.COMPLETED)).isTrue();
    assertThat(RecordingState.RECORDING.canMoveTo(RecordingState.STARTING)).isFalse();
    assertThat(RecordingState.QUEUED.canMoveTo(RecordingState.COMPLETED)).isFalse();
  }

  @Test
  void terminalStatesNeverMoveAndOnlyQueuedExpires() {
    for (RecordingState s : RecordingState.values()) {
      if (s.isTerminal()) {
        assertThat(s.successors()).isEmpty();
      } else {
        assertThat(s.canMoveTo(RecordingState.FAILED)).isTrue();
      }
      assertThat(s.canMoveTo(RecordingState.EXPIRED)).isEqualTo(s == RecordingState.QUEUED);
      assertThat(s.canMoveTo(RecordingState.CANCELLED)).isEqualTo(s == RecordingState.QUEUED);
    }
  }

  @Test
  void jobRoundTripsThroughJsonWithLowerCaseWireNames() throws Exception {
    ObjectMapper json = ObjectMapper.getDefault();
    RecordingJob job =
        new RecordingJob(
            1,
            "rec_1",
            "https://meet.example.com/a",
            "conf",
            60,
            null,
            true,
            null,
            Map.of(),
            Instant.parse("2026-01-02T03:04:05Z"),
            Instant.parse("2026-01-02T03:09:05Z"));
    String text = json.writeValueAsString(job);
    assertThat(json.readValue(text, RecordingJob.class)).isEqualTo(job);
    assertThat(json.writeValueAsString(RecordingState.FINALIZING)).isEqualTo("\"finalizing\"");
    assertThat(job.effectiveVideo()).isNull();
    assertThat(StorageLayout.prefix("rec_1", job.requestedAt())).isEqualTo("2026/01/02/rec_1/");
  }
}
