package io.meetrec.logs;

import static io.meetrec.shared.logging.LogEvent.*;
import static io.meetrec.shared.logging.LogField.*;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.logging.CloudLoggingEncoder;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.logging.StructuredLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * A JSON-lines log file written by the real emitter ({@link StructuredLog}) and encoder ({@link
 * CloudLoggingEncoder}) through logback file appenders, one per service, as a small fleet would log
 * a day: two recorder pods of different versions, intake and webhooks. The expected query results
 * in the tests follow from the events below.
 */
final class FleetLogFile {

  private static Path file;

  private final Path path;
  private final List<LoggerContext> contexts = new ArrayList<>();

  private FleetLogFile(Path path) {
    this.path = path;
  }

  /** The file, written once per JVM. */
  static synchronized Path get() {
    if (file == null) {
      try {
        Path path = Files.createTempFile("meetrec-fleet-", ".jsonl");
        path.toFile().deleteOnExit();
        FleetLogFile fleet = new FleetLogFile(path);
        fleet.waitClearOfWindowBoundary();
        fleet.write();
        fleet.close();
        file = path;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  /**
   * The queries group by UTC day and 10-minute window; the whole scenario takes well under a
   * second, so starting it more than 5 s away from a window boundary keeps it inside one window.
   */
  private void waitClearOfWindowBoundary() {
    long secondsIntoWindow = Instant.now().getEpochSecond() % 600;
    if (secondsIntoWindow > 595) {
      sleep(Duration.ofSeconds(600 - secondsIntoWindow + 1));
    }
  }

  private void write() {
    Logger recorderA = logger("recorder", "1.0.0", "recorder-a");
    Logger recorderB = logger("recorder", "1.1.0", "recorder-b");
    Logger intake = logger("intake", "intake-00007", null);
    Logger webhooks = logger("webhooks", "webhooks-00003", null);

    availability(recorderA, true, 1);
    availability(recorderB, true, 1);
    for (String id : List.of("rec-1", "rec-2", "rec-3", "rec-4", "rec-5", "rec-6")) {
      StructuredLog.event(INTAKE_REQUEST)
          .with(ROUTE, "POST /v1/recordings")
          .with(CLIENT_ID, "acme")
          .with(RECORDING_ID, id)
          .with(HTTP_STATUS, 202)
          .with(LATENCY_MS, 35)
          .with(OUTCOME, "queued")
          .info(intake, "accepted recording {}", id);
    }
    StructuredLog.event(INTAKE_REJECTED)
        .with(ROUTE, "POST /v1/recordings")
        .with(CLIENT_ID, "acme")
        .with(HTTP_STATUS, 401)
        .with(ERROR_CODE, ErrorCode.SIGNATURE_EXPIRED)
        .warn(intake, "refused request");

    // rec-1: recorded for 30 minutes on recorder-a; its completed webhook needed a retry.
    try (LogContext ignored = LogContext.recording("rec-1", "conf-A")) {
      claimed(recorderA, "rec-1", "conf-A", 1200);
      started(recorderA, "rec-1", "conf-A", 1200, 3400);
      recorderA.info("plain line inside the session, carrying the ids through the MDC");
      completed(recorderA, "rec-1", "conf-A", 1800);
      usage(recorderA, "rec-1", "conf-A", 900, 1800);
    }
    availability(recorderA, true, 1);
    StructuredLog.event(RECORDING_DUPLICATE)
        .with(RECORDING_ID, "rec-1")
        .with(OUTCOME, "terminal")
        .with(DELIVERY_ATTEMPT, 2)
        .info(recorderB, "duplicate delivery");
    webhook(webhooks, "rec-1", "evt-1", EventType.STARTED, 1, 200, 120, "delivered", null);
    webhook(webhooks, "rec-1", "evt-2", EventType.COMPLETED, 1, 500, 300, "retry", null);
    webhook(webhooks, "rec-1", "evt-2", EventType.COMPLETED, 2, 204, 150, "delivered", null);

    // rec-2: the browser crashed after a minute on recorder-b.
    claimed(recorderB, "rec-2", "conf-A", 800);
    started(recorderB, "rec-2", "conf-A", 800, 2600);
    StructuredLog.event(RECORDING_FAILED)
        .with(RECORDING_ID, "rec-2")
        .with(CONFERENCE_ID, "conf-A")
        .with(ERROR_CODE, ErrorCode.BROWSER_CRASHED)
        .with(RECORDED_SECONDS, 60.0)
        .with(RECORDER_VERSION, "1.1.0")
        .error(recorderB, new IllegalStateException("renderer gone"), "recording rec-2 failed");
    usage(recorderB, "rec-2", "conf-A", 40, 60);
    webhook(webhooks, "rec-2", "evt-3", EventType.FAILED, 1, null, null, "failed", "url_refused");

    // rec-3: the meeting page never loaded; rec-4 waited past its expiry.
    claimed(recorderB, "rec-3", "conf-B", 5000);
    StructuredLog.event(RECORDING_FAILED)
        .with(RECORDING_ID, "rec-3")
        .with(CONFERENCE_ID, "conf-B")
        .with(ERROR_CODE, ErrorCode.MEETING_UNREACHABLE)
        .with(RECORDER_VERSION, "1.1.0")
        .warn(recorderB, "recording rec-3 failed");
    StructuredLog.event(RECORDING_EXPIRED)
        .with(RECORDING_ID, "rec-4")
        .with(CONFERENCE_ID, "conf-B")
        .with(QUEUE_LATENCY_MS, Duration.ofMinutes(12))
        .with(RECORDER_VERSION, "1.1.0")
        .warn(recorderB, "recording rec-4 expired before it started");

    // rec-5: no slot on its last delivery attempt, so Pub/Sub dead-letters it.
    availability(recorderA, false, 0);
    nacked(recorderA, "rec-5", 4);
    nacked(recorderA, "rec-5", 5);
    // rec-6: nacked once, then recorded on recorder-a.
    nacked(recorderA, "rec-6", 1);
    claimed(recorderA, "rec-6", "conf-C", 2000);
    started(recorderA, "rec-6", "conf-C", 2000, 3000);
    completed(recorderA, "rec-6", "conf-C", 600);
    usage(recorderA, "rec-6", "conf-C", 300, 600);

    StructuredLog.event(JOB_MALFORMED)
        .with(MESSAGE_ID, "msg-9")
        .with(ERROR_CODE, ErrorCode.INVALID_JOB)
        .with(DELIVERY_ATTEMPT, 1)
        .warn(recorderB, "malformed job");
    availability(recorderA, false, 0);
  }

  private static void availability(Logger recorder, boolean available, int freeSlots) {
    StructuredLog.event(RECORDER_AVAILABILITY)
        .with(AVAILABLE, available)
        .with(SLOTS, 1)
        .with(FREE_SLOTS, freeSlots)
        .info(recorder, "capacity");
  }

  private static void claimed(Logger recorder, String id, String conference, long queueMs) {
    StructuredLog.event(RECORDING_CLAIMED)
        .with(RECORDING_ID, id)
        .with(CONFERENCE_ID, conference)
        .with(QUEUE_LATENCY_MS, queueMs)
        .with(DELIVERY_ATTEMPT, 1)
        .info(recorder, "claimed {}", id);
  }

  private static void started(
      Logger recorder, String id, String conference, long queueMs, long startMs) {
    StructuredLog.event(RECORDING_STARTED)
        .with(RECORDING_ID, id)
        .with(CONFERENCE_ID, conference)
        .with(QUEUE_LATENCY_MS, queueMs)
        .with(START_LATENCY_MS, Duration.ofMillis(startMs))
        .info(recorder, "recording {} started", id);
  }

  private static void completed(Logger recorder, String id, String conference, double seconds) {
    StructuredLog.event(RECORDING_COMPLETED)
        .with(RECORDING_ID, id)
        .with(CONFERENCE_ID, conference)
        .with(RECORDED_SECONDS, seconds)
        .with(DURATION_MS, (long) (seconds * 1000) + 4000)
        .with(BYTES, (long) (seconds * 250_000))
        .with(OUTCOME, "stop_requested")
        .info(recorder, "recording {} completed", id);
  }

  private static void usage(
      Logger recorder, String id, String conference, double cpuSeconds, double recordedSeconds) {
    StructuredLog.event(RECORDER_USAGE)
        .with(RECORDING_ID, id)
        .with(CONFERENCE_ID, conference)
        .with(CPU_SECONDS, cpuSeconds)
        .with(RECORDED_SECONDS, recordedSeconds)
        .info(recorder, "session usage");
  }

  private static void nacked(Logger recorder, String id, int attempt) {
    StructuredLog.event(JOB_NACKED)
        .with(RECORDING_ID, id)
        .with(ERROR_CODE, ErrorCode.NO_FREE_SLOT)
        .with(DELIVERY_ATTEMPT, attempt)
        .with(MAX_DELIVERY_ATTEMPTS, 5)
        .info(recorder, "no free slot, handing {} back", id);
  }

  private static void webhook(
      Logger webhooks,
      String id,
      String eventId,
      EventType type,
      int attempt,
      Integer status,
      Integer latencyMs,
      String outcome,
      String errorCode) {
    StructuredLog.event(WEBHOOK_ATTEMPT)
        .with(RECORDING_ID, id)
        .with(EVENT_ID, eventId)
        .with(EVENT_TYPE, type)
        .with(ATTEMPT, attempt)
        .with(HTTP_STATUS, status)
        .with(LATENCY_MS, latencyMs)
        .with(OUTCOME, outcome)
        .with(ERROR_CODE, errorCode)
        .info(webhooks, "webhook {} attempt {}: {}", eventId, attempt, outcome);
  }

  private Logger logger(String service, String version, String pod) {
    LoggerContext context = new LoggerContext();
    context.setName(service + "-" + version);
    context.setMDCAdapter(MDC.getMDCAdapter());
    CloudLoggingEncoder encoder = new CloudLoggingEncoder();
    encoder.setContext(context);
    encoder.setService(service);
    encoder.setVersion(version);
    encoder.setPod(pod);
    encoder.setNode(pod == null ? null : "gke-recorder-pool-1");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setFile(path.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    Logger logger = context.getLogger("io.meetrec." + service);
    logger.addAppender(appender);
    contexts.add(context);
    return logger;
  }

  private void close() {
    contexts.forEach(LoggerContext::stop);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
