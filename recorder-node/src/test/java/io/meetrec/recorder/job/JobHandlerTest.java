package io.meetrec.recorder.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What counts as a malformed job: acked, logged, never recorded. */
class JobHandlerTest {

  private static final String GOOD =
      """
      {"schemaVersion":1,"recordingId":"rec_1","meetingUrl":"https://meet.example.com/r",
       "conferenceId":"c1","maxDurationSeconds":60,"audioOnly":false,
       "requestedAt":"2026-01-01T00:00:00Z","expiresAt":"2026-01-01T00:10:00Z"}
      """;

  private final JobHandler handler =
      new JobHandler(
          JsonMapper.createDefault(),
          null,
          null,
          null,
          null,
          null,
          new RecorderConfiguration("test", "/tmp", Duration.ofSeconds(30)));

  private static PubsubMessage message(String data) {
    return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
  }

  @Test
  void readsAWellFormedJob() {
    RecordingJob job = handler.parse(message(GOOD));
    assertThat(job.recordingId()).isEqualTo("rec_1");
    assertThat(job.effectiveVideo()).isNotNull();
  }

  static Stream<String> malformed() {
    return Stream.of(
        "not json",
        "",
        "[]",
        "{\"schemaVersion\":2}",
        GOOD.replace("\"schemaVersion\":1", "\"schemaVersion\":2"),
        GOOD.replace("rec_1", "../../etc"),
        GOOD.replace("https://meet.example.com/r", "file:///etc/passwd"),
        GOOD.replace("https://meet.example.com/r", "javascript:alert(1)"),
        GOOD.replace("\"conferenceId\":\"c1\"", "\"conferenceId\":\"\""),
        GOOD.replace("\"maxDurationSeconds\":60", "\"maxDurationSeconds\":-1"),
        GOOD.replace("\"expiresAt\":\"2026-01-01T00:10:00Z\"", "\"expiresAt\":null"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void refusesMalformedOrUnsafeJobs(String data) {
    assertThatThrownBy(() -> handler.parse(message(data)))
        .isInstanceOfSatisfying(
            RecordingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JOB));
  }

  @Test
  void refusesAnAttributeIdThatDiffersFromTheData() {
    PubsubMessage m = message(GOOD).toBuilder().putAttributes("recordingId", "rec_2").build();
    assertThatThrownBy(() -> handler.parse(m)).isInstanceOf(RecordingException.class);
  }
}
