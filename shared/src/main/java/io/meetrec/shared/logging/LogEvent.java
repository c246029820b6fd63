package io.meetrec.shared.logging;

import static io.meetrec.shared.logging.LogField.*;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of structured log events: each has a stable name (the {@code event} field of the
 * log line, {@code jsonPayload.event} in BigQuery) and the typed fields it may carry. The saved
 * BigQuery queries read exactly these names, and {@link StructuredLog} refuses any other field, so
 * the logs and the queries cannot drift apart unnoticed.
 */
public enum LogEvent {
  /** Intake answered a request; one line per HTTP request. */
  INTAKE_REQUEST(
      "intake.request",
      ROUTE,
      CLIENT_ID,
      RECORDING_ID,
      CONFERENCE_ID,
      HTTP_STATUS,
      LATENCY_MS,
      OUTCOME,
      ERROR_CODE),
  /** Intake refused a request (signature, validation, URL guard ...). */
  INTAKE_REJECTED("intake.rejected", ROUTE, CLIENT_ID, HTTP_STATUS, ERROR_CODE),
  /** A recorder won the claim on a job; {@code queueLatencyMs} = claim time - requestedAt. */
  RECORDING_CLAIMED(
      "recording.claimed",
      RECORDING_ID,
      CONFERENCE_ID,
      CLIENT_ID,
      QUEUE_LATENCY_MS,
      DELIVERY_ATTEMPT,
      RECORDER_VERSION),
  /** Capture began; {@code startLatencyMs} = capture start - claim. */
  RECORDING_STARTED(
      "recording.started",
      RECORDING_ID,
      CONFERENCE_ID,
      QUEUE_LATENCY_MS,
      START_LATENCY_MS,
      RECORDER_VERSION),
  RECORDING_COMPLETED(
      "recording.completed",
      RECORDING_ID,
      CONFERENCE_ID,
      DURATION_MS,
      RECORDED_SECONDS,
      BYTES,
      OUTCOME,
      RECORDER_VERSION),
  RECORDING_FAILED(
      "recording.failed",
      RECORDING_ID,
      CONFERENCE_ID,
      ERROR_CODE,
      STATE,
      DURATION_MS,
      RECORDED_SECONDS,
      BYTES,
      RECORDER_VERSION),
  /** The job reached a recorder after its {@code expiresAt} and was never started. */
  RECORDING_EXPIRED(
      "recording.expired", RECORDING_ID, CONFERENCE_ID, QUEUE_LATENCY_MS, RECORDER_VERSION),
  /** A redelivered or duplicate job that another claim already owns or that already ended. */
  RECORDING_DUPLICATE(
      "recording.duplicate",
      RECORDING_ID,
      CONFERENCE_ID,
      OUTCOME,
      DELIVERY_ATTEMPT,
      RECORDER_VERSION),
  /** A request message that is not a valid job; it is acked and never recorded. */
  JOB_MALFORMED("job.malformed", RECORDING_ID, MESSAGE_ID, ERROR_CODE, DELIVERY_ATTEMPT),
  /**
   * The recorder handed a job back to Pub/Sub. Once {@code deliveryAttempt} reaches {@code
   * maxDeliveryAttempts} Pub/Sub moves it to the dead-letter topic instead of redelivering it.
   */
  JOB_NACKED(
      "job.nacked",
      RECORDING_ID,
      MESSAGE_ID,
      ERROR_CODE,
      DELIVERY_ATTEMPT,
      MAX_DELIVERY_ATTEMPTS,
      RECORDER_VERSION),
  /** A recorder pod's capacity, logged at start, on every change and periodically. */
  RECORDER_AVAILABILITY("recorder.availability", AVAILABLE, SLOTS, FREE_SLOTS, RECORDER_VERSION),
  /** CPU a finished session used, for cost per recorded hour. */
  RECORDER_USAGE(
      "recorder.usage",
      RECORDING_ID,
      CONFERENCE_ID,
      CPU_SECONDS,
      RECORDED_SECONDS,
      DURATION_MS,
      RECORDER_VERSION),
  /** One delivery attempt of a webhook; {@code attempt} is Pub/Sub's delivery attempt. */
  WEBHOOK_ATTEMPT(
      "webhook.attempt",
      RECORDING_ID,
      EVENT_ID,
      EVENT_TYPE,
      ATTEMPT,
      HTTP_STATUS,
      LATENCY_MS,
      OUTCOME,
      ERROR_CODE),
  UPLOAD_ATTEMPT("upload.attempt", RECORDING_ID, ATTEMPT, BYTES, LATENCY_MS, OUTCOME, ERROR_CODE),
  /** A part of a recording still being recorded, on its way to the bucket. */
  UPLOAD_PART("upload.part", RECORDING_ID, BYTES, LATENCY_MS, OUTCOME),
  /** A recording whose owner stopped renewing its lease was finished by another pod. */
  LEASE_REAPED("lease.reaped", RECORDING_ID, CONFERENCE_ID, STATE, ERROR_CODE),
  /**
   * A recording whose recorder was lost mid-meeting was taken over by this pod as its next {@code
   * segment}; {@code latencyMs} = from the lost recorder's last lease renewal to the takeover.
   */
  RECORDING_TAKEN_OVER("recording.taken_over", RECORDING_ID, CONFERENCE_ID, SEGMENT, LATENCY_MS),
  SECRET_ROTATED("secret.rotated", SECRET_ID, OUTCOME, ERROR_CODE);

  private final String eventName;
  private final Set<LogField> fields;

  LogEvent(String eventName, LogField... fields) {
    this.eventName = eventName;
    EnumSet<LogField> set = EnumSet.noneOf(LogField.class);
    set.addAll(Arrays.asList(fields));
    this.fields = Collections.unmodifiableSet(set);
  }

  /** The value of the {@code event} field, e.g. {@code recording.started}. */
  public String eventName() {
    return eventName;
  }

  public Set<LogField> fields() {
    return fields;
  }

  public boolean allows(LogField field) {
    return fields.contains(field);
  }

  public static Optional<LogEvent> fromEventName(String eventName) {
    return Arrays.stream(values()).filter(e -> e.eventName.equals(eventName)).findFirst();
  }
}
