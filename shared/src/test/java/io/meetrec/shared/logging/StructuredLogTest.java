package io.meetrec.shared.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.meetrec.shared.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class StructuredLogTest {

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Logger logger;

  @BeforeEach
  void logToMemory() {
    context.setMDCAdapter(MDC.getMDCAdapter());
    CloudLoggingEncoder encoder = new CloudLoggingEncoder();
    encoder.setContext(context);
    encoder.setService("recorder");
    encoder.setVersion("1.2.3");
    encoder.setPod("recorder-abc");
    encoder.setNode("node-1");
    encoder.setProjectId("demo-project");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    logger = context.getLogger("test");
    logger.addAppender(appender);
  }

  @AfterEach
  void stop() {
    MDC.clear();
    context.stop();
  }

  private List<Map<String, Object>> lines() {
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .map(line -> LogLineReader.read(line).orElseThrow())
        .toList();
  }

  @Test
  void writesEventAndTypedFieldsAsTopLevelJson() {
    StructuredLog.event(LogEvent.RECORDING_STARTED)
        .with(LogField.RECORDING_ID, "rec-1")
        .with(LogField.QUEUE_LATENCY_MS, Duration.ofMillis(1500))
        .with(LogField.START_LATENCY_MS, 2300L)
        .info(logger, "recording {} started", "rec-1");

    Map<String, Object> line = lines().getFirst();
    assertThat(line)
        .containsEntry("severity", "INFO")
        .containsEntry("message", "recording rec-1 started")
        .containsEntry("event", "recording.started")
        .containsEntry("recordingId", "rec-1")
        .containsEntry("queueLatencyMs", 1500L)
        .containsEntry("startLatencyMs", 2300L)
        .containsEntry("logger", "test");
    assertThat(line.get("logging.googleapis.com/labels"))
        .isEqualTo(
            Map.of(
                "service",
                "recorder",
                "version",
                "1.2.3",
                "pod",
                "recorder-abc",
                "node",
                "node-1"));
    Instant time = Instant.parse((String) line.get("time"));
    assertThat(time).isBetween(Instant.now().minusSeconds(60), Instant.now());
  }

  @Test
  void refusesFieldsTheEventDoesNotDeclare() {
    StructuredLog started = StructuredLog.event(LogEvent.RECORDING_STARTED);
    assertThatThrownBy(() -> started.with(LogField.HTTP_STATUS, 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recording.started")
        .hasMessageContaining("httpStatus");
  }

  @Test
  void refusesValuesOfTheWrongKind() {
    StructuredLog failed = StructuredLog.event(LogEvent.RECORDING_FAILED);
    assertThatThrownBy(() -> failed.with(LogField.BYTES, "12 MB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes");
    assertThatThrownBy(() -> failed.with(LogField.ERROR_CODE, 42))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesOutcomesTheEventDoesNotDeclare() {
    StructuredLog upload = StructuredLog.event(LogEvent.UPLOAD_ATTEMPT);
    assertThatThrownBy(() -> upload.with(LogField.OUTCOME, "ok"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upload.attempt")
        .hasMessageContaining("outcome ok");
    // a value another event declares is still refused here
    assertThatThrownBy(() -> upload.with(LogField.OUTCOME, LogOutcome.WEBHOOK_DELIVERED))
        .isInstanceOf(IllegalArgumentException.class);

    upload.with(LogField.OUTCOME, LogOutcome.UPLOAD_STORED).info(logger, "stored");
    assertThat(lines().getFirst()).containsEntry("outcome", "stored");
  }

  @Test
  void writesContractEnumsInTheirWireForm() {
    StructuredLog.event(LogEvent.RECORDING_FAILED)
        .with(LogField.ERROR_CODE, ErrorCode.START_SIGNAL_TIMEOUT)
        .with(LogField.RECORDED_SECONDS, 12)
        .with(LogField.CONFERENCE_ID, null)
        .warn(logger, "failed");

    Map<String, Object> line = lines().getFirst();
    assertThat(line)
        .containsEntry("severity", "WARNING")
        .containsEntry("errorCode", "start_signal_timeout")
        .containsEntry("recordedSeconds", 12.0)
        .doesNotContainKey("conferenceId");
  }

  @Test
  void copiesRecordingContextAndTraceFromMdc() {
    MDC.put(LogKeys.MDC_TRACE_ID, "0af7651916cd43dd8448eb211c80319c");
    try (LogContext ignored = LogContext.recording("rec-9", "conf-3")) {
      logger.info("plain line inside a session");
    }
    logger.info("after the session");

    List<Map<String, Object>> lines = lines();
    assertThat(lines.get(0))
        .containsEntry("recordingId", "rec-9")
        .containsEntry("conferenceId", "conf-3")
        .containsEntry(
            "logging.googleapis.com/trace",
            "projects/demo-project/traces/0af7651916cd43dd8448eb211c80319c");
    assertThat(lines.get(1)).doesNotContainKey("recordingId").doesNotContainKey("conferenceId");
  }

  @Test
  void writesExceptionsAsStackTraceText() {
    StructuredLog.event(LogEvent.UPLOAD_ATTEMPT)
        .with(LogField.ATTEMPT, 2)
        .with(LogField.OUTCOME, "failed")
        .error(logger, new IllegalStateException("bucket said no"), "upload failed");

    Map<String, Object> line = lines().getFirst();
    assertThat(line).containsEntry("severity", "ERROR").containsEntry("attempt", 2L);
    assertThat((String) line.get("stack_trace"))
        .contains("java.lang.IllegalStateException: bucket said no")
        .contains("writesExceptionsAsStackTraceText");
  }

  @Test
  void everyEventNameIsUniqueAndLowerCaseDotted() {
    assertThat(List.of(LogEvent.values()))
        .extracting(LogEvent::eventName)
        .doesNotHaveDuplicates()
        .allMatch(name -> name.matches("[a-z]+\\.[a-z_]+"));
  }

  @Test
  void sinkSchemaHasAColumnForEveryField() {
    SinkColumn payload = LogSinkSchema.jsonPayload();
    for (LogField field : LogField.values()) {
      assertThat(payload.field(field.key()))
          .as(field.key())
          .hasValueSatisfying(c -> assertThat(c.type()).isEqualTo(field.bigQueryType()));
    }
    assertThat(LogSinkSchema.bigQueryJson(LogSinkSchema.SinkTable.CONTAINER_STDOUT))
        .contains("\"name\" : \"queuelatencyms\"")
        .contains("\"type\" : \"FLOAT\"");
  }
}
