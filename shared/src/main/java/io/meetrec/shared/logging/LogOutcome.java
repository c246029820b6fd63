package io.meetrec.shared.logging;

import java.util.Arrays;
import java.util.List;

/**
 * The values of the {@code outcome} field, per event. Dashboards and saved queries filter on them,
 * so they are part of the log contract like the event and field names: {@link StructuredLog}
 * refuses an outcome its event does not declare here, and docs/logging.md lists exactly these rows
 * (a test in {@code shared} compares them).
 */
public enum LogOutcome {
  INTAKE_QUEUED(
      LogEvent.INTAKE_REQUEST, "queued", "a new recording was stored and its job published (202)"),
  INTAKE_STOP_REQUESTED(
      LogEvent.INTAKE_REQUEST, "stop_requested", "a stop was recorded for a running recording"),
  COMPLETED_STOP_REQUESTED(
      LogEvent.RECORDING_COMPLETED, "stop_requested", "the caller asked to stop (`:stop`)"),
  COMPLETED_MAX_DURATION(
      LogEvent.RECORDING_COMPLETED, "max_duration", "the request's maximum duration was reached"),
  COMPLETED_MEETING_ENDED(
      LogEvent.RECORDING_COMPLETED, "meeting_ended", "the meeting page said the meeting ended"),
  COMPLETED_ALONE(
      LogEvent.RECORDING_COMPLETED, "alone", "the meeting page said no participant was left"),
  COMPLETED_NO_MEDIA(
      LogEvent.RECORDING_COMPLETED,
      "no_media",
      "picture unchanged and silence for the no-media time: completed with the file"),
  DUPLICATE_ALREADY_CLAIMED(
      LogEvent.RECORDING_DUPLICATE,
      "already_claimed",
      "another recorder, or an earlier delivery, owns the recording"),
  DUPLICATE_TERMINAL(LogEvent.RECORDING_DUPLICATE, "terminal", "the recording had already ended"),
  DUPLICATE_EXPIRED_AFTER_START(
      LogEvent.RECORDING_DUPLICATE,
      "expired_after_start",
      "the job expired, but the recording had started elsewhere: nothing expired"),
  DUPLICATE_CANCELLED_AFTER_START(
      LogEvent.RECORDING_DUPLICATE,
      "cancelled_after_start",
      "stopped while queued, but the recording had left the queue: nothing cancelled"),
  WEBHOOK_DELIVERED(LogEvent.WEBHOOK_ATTEMPT, "delivered", "the receiver answered 2xx"),
  WEBHOOK_RETRY(
      LogEvent.WEBHOOK_ATTEMPT,
      "retry",
      "any other status, timeout or network error: the next attempt follows the retry schedule"),
  WEBHOOK_GAVE_UP(
      LogEvent.WEBHOOK_ATTEMPT,
      "gave_up",
      "the last attempt of the retry schedule failed; `bin/redeliver` puts it back"),
  WEBHOOK_FAILED(
      LogEvent.WEBHOOK_ATTEMPT,
      "failed",
      "refused for good (410 Gone, a refused URL): never retried"),
  WEBHOOK_REJECTED(
      LogEvent.WEBHOOK_ATTEMPT,
      "rejected",
      "the pushed message is not an authentic recorder event: never delivered"),
  UPLOAD_STORED(LogEvent.UPLOAD_ATTEMPT, "stored", "this attempt stored the object"),
  UPLOAD_RETRY(
      LogEvent.UPLOAD_ATTEMPT,
      "retry",
      "this attempt failed; the next one follows with jitter while the lease and budget last"),
  UPLOAD_FAILED(
      LogEvent.UPLOAD_ATTEMPT,
      "failed",
      "the retry budget ran out: the file stays in the spool for the start-up sweep"),
  UPLOAD_PART_STORED(
      LogEvent.UPLOAD_PART,
      "stored",
      "the fragments recorded since the last part are in the bucket"),
  UPLOAD_PART_RETRY(
      LogEvent.UPLOAD_PART,
      "retry",
      "the part did not go up; the next round ships it with what was recorded meanwhile"),
  SECRET_SEEDED(
      LogEvent.SECRET_ROTATED,
      "seeded",
      "a secret without versions got its first one (first deploy)"),
  SECRET_ROTATED(LogEvent.SECRET_ROTATED, "rotated", "a new version was added"),
  SECRET_UNCHANGED(LogEvent.SECRET_ROTATED, "unchanged", "no version was added this run"),
  SECRET_FAILED(
      LogEvent.SECRET_ROTATED, "failed", "the rotation threw (the line has the stack trace)");

  private final LogEvent event;
  private final String wire;
  private final String meaning;

  LogOutcome(LogEvent event, String wire, String meaning) {
    this.event = event;
    this.wire = wire;
    this.meaning = meaning;
  }

  public LogEvent event() {
    return event;
  }

  /** The value written to the {@code outcome} field. */
  public String wire() {
    return wire;
  }

  /** What the value means, as docs/logging.md says it. */
  public String meaning() {
    return meaning;
  }

  /** The outcomes {@code event} may carry, in catalogue order. */
  public static List<LogOutcome> of(LogEvent event) {
    return Arrays.stream(values()).filter(o -> o.event == event).toList();
  }

  /** Whether {@code event} declares the outcome {@code wire}. */
  public static boolean declared(LogEvent event, String wire) {
    return Arrays.stream(values()).anyMatch(o -> o.event == event && o.wire.equals(wire));
  }
}
