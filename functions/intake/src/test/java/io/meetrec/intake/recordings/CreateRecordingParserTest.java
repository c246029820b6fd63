package io.meetrec.intake.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.VideoSpec;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateRecordingParserTest {

  private final CreateRecordingParser parser =
      new CreateRecordingParser(
          JsonMapper.createDefault(),
          new RecordingsConfiguration(
              List.of("meet.example.com"),
              false,
              false,
              65536,
              14400,
              3600,
              1920,
              1080,
              30,
              16,
              64,
              256,
              128,
              2048,
              Duration.ofMinutes(10),
              50));

  private CreateRecordingRequest parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryField() {
    CreateRecordingRequest r =
        parse(
            """
            {"meetingUrl":"https://meet.example.com/a","conferenceId":"c-1","maxDurationSeconds":90,
             "video":{"width":640,"height":360,"fps":15},"webhookUrl":"https://hooks.example.com/h",
             "metadata":{"k":"v"}}""");

    assertThat(r.meetingUrl()).isEqualTo("https://meet.example.com/a");
    assertThat(r.conferenceId()).isEqualTo("c-1");
    assertThat(r.maxDurationSeconds()).isEqualTo(90);
    assertThat(r.video()).isEqualTo(new VideoSpec(640, 360, 15));
    assertThat(r.webhookUrl()).isEqualTo("https://hooks.example.com/h");
    assertThat(r.metadata()).containsEntry("k", "v");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c\",\"extra\":1} | UNKNOWN_FIELD",
        "{\"meetingUrl\":true,\"conferenceId\":\"c\"} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c d\"} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c\",\"maxDurationSeconds\":0} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c\",\"maxDurationSeconds\":1e3} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c\",\"audioOnly\":\"yes\"} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c\",\"video\":{\"width\":641,\"height\":360,\"fps\":15}} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c\",\"video\":{\"width\":640,\"height\":360}} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\",\"conferenceId\":\"c\",\"metadata\":[\"x\"]} | INVALID_FIELD",
        "{\"meetingUrl\":\"https://m/a\" | MALFORMED_JSON",
        "\"just a string\" | MALFORMED_JSON",
        "null | MALFORMED_JSON",
      })
  void refusesWithTheRightCode(String json, ErrorCode code) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(RecordingException.class)
        .extracting(e -> ((RecordingException) e).code())
        .isEqualTo(code);
  }
}
