package io.meetrec.recorder.job;

import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.lease.LeaseConfiguration;
import io.meetrec.recorder.metrics.RecorderMetrics;
import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.recorder.session.SessionManager;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogContext;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.ClaimResult;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what one {@code recording-requests} message means, in the order the contract fixes:
 * malformed → nack, so the dead-letter policy moves it aside (its queued recording, if the store
 * has one, fails {@code invalid_job} with its event); expired → ack + {@code recording.expired};
 * already claimed or ended → ack, nothing recorded; otherwise claim with a lease, ack, start. Only
 * a store outage hands the message back (nack) for redelivery: the puller pulls only for free
 * slots, which nothing but its own admissions takes away.
 */
@Singleton
public class JobHandler {

  /** What to tell Pub/Sub about a message. */
  public enum Verdict {
    ACK,
    NACK
  }

  private static final Logger LOG = LoggerFactory.getLogger(JobHandler.class);
  // Recording ids become object keys and directory names, so they are held to a safe alphabet.
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private final JsonMapper json;
  private final RecordingStore store;
  private final SessionManager sessions;
  private final RecordingOutcomes outcomes;
  private final LeaseConfiguration lease;
  private final RecorderMetrics metrics;
  private final String owner;
  private final Clock clock = Clock.systemUTC();

  public JobHandler(
      JsonMapper json,
      RecordingStore store,
      SessionManager sessions,
      RecordingOutcomes outcomes,
      LeaseConfiguration lease,
      RecorderMetrics metrics,
      RecorderConfiguration recorder) {
    this.metrics = metrics;
    this.json = json;
    this.store = store;
    this.sessions = sessions;
    this.outcomes = outcomes;
    this.lease = lease;
    this.owner = recorder.owner();
  }

  public Verdict handle(ReceivedMessage received) {
    PubsubMessage message = received.getMessage();
    RecordingJob job;
    try {
      job = parse(message);
    } catch (RecordingException malformed) {
      String knownId = message.getAttributesMap().get(RecordingJob.ATTR_RECORDING_ID);
      boolean failed = knownId != null && failInvalid(knownId, malformed.getMessage());
      StructuredLog.event(LogEvent.JOB_MALFORMED)
          .with(
              LogField.RECORDING_ID, message.getAttributesMap().get(RecordingJob.ATTR_RECORDING_ID))
          .with(LogField.MESSAGE_ID, message.getMessageId())
          .with(LogField.ERROR_CODE, ErrorCode.INVALID_JOB.wire())
          .with(LogField.DELIVERY_ATTEMPT, attempt(received))
          .error(
              LOG,
              // Never the data: a job carries the meeting URL, often with its passcode.
              "malformed job handed back for the dead-letter topic ({}); {} bytes, attributes"
                  + " {}{}",
              malformed.getMessage(),
              message.getData().size(),
              message.getAttributesMap().keySet(),
              failed ? "; its queued recording failed invalid_job" : "");
      // Not acked: the subscription's dead-letter policy moves it aside after its delivery
      // attempts, where an operator can inspect and redrive it once the cause is fixed.
      metrics.handedBack(ErrorCode.INVALID_JOB.wire());
      return Verdict.NACK;
    }
    try (LogContext ignored = LogContext.recording(job.recordingId(), job.conferenceId())) {
      return decide(job, received);
    }
  }

  private Verdict decide(RecordingJob job, ReceivedMessage received) {
    Instant now = clock.instant();
    Duration queueLatency =
        publishedAt(received.getMessage()).map(p -> Duration.between(p, now)).orElse(null);
    try {
      if (job.isExpired(now)) {
        if (!outcomes.expired(job, queueLatency)) {
          duplicate(job, received, "expired_after_start");
        }
        return Verdict.ACK;
      }
      if (stoppedWhileQueued(job)) {
        if (!outcomes.cancelled(job)) {
          duplicate(job, received, "cancelled_after_start");
        }
        return Verdict.ACK;
      }
      if (!sessions.reserveSlot()) {
        // The puller asks only for free slots; only a takeover by this recorder's reaper in the
        // same instant takes one. Said loudly: the hand-back costs the message a delivery attempt.
        throw new RecordingException(
            ErrorCode.NO_FREE_SLOT, "no free slot for a job pulled for one");
      }
      ClaimResult claim;
      try {
        claim = store.claim(job, owner, lease.ttl());
      } catch (RuntimeException e) {
        sessions.releaseSlot();
        throw e;
      }
      if (claim != ClaimResult.CLAIMED) {
        sessions.releaseSlot();
        duplicate(job, received, claim.name().toLowerCase(java.util.Locale.ROOT));
        return Verdict.ACK;
      }
      StructuredLog.event(LogEvent.RECORDING_CLAIMED)
          .with(LogField.RECORDING_ID, job.recordingId())
          .with(LogField.CONFERENCE_ID, job.conferenceId())
          .with(LogField.QUEUE_LATENCY_MS, queueLatency == null ? null : queueLatency.toMillis())
          .with(LogField.DELIVERY_ATTEMPT, attempt(received))
          .info(LOG, "job claimed by {}", owner);
      if (queueLatency != null) {
        metrics.queueLatency(queueLatency);
      }
      sessions.admit(job, now, queueLatency);
      return Verdict.ACK;
    } catch (RecordingException e) {
      StructuredLog.event(LogEvent.JOB_NACKED)
          .with(LogField.RECORDING_ID, job.recordingId())
          .with(LogField.MESSAGE_ID, received.getMessage().getMessageId())
          .with(LogField.ERROR_CODE, e.code().wire())
          .with(LogField.DELIVERY_ATTEMPT, attempt(received))
          .warn(LOG, "job handed back for redelivery: {}", e.getMessage());
      metrics.handedBack(e.code().wire());
      return Verdict.NACK;
    }
  }

  /**
   * Fails the still-queued recording a malformed message names (the intake wrote a good job, the
   * message carries something else, e.g. a schema this recorder does not know), with its event. A
   * recording that already left the queue is left alone: the message is a stray copy.
   */
  private boolean failInvalid(String id, String why) {
    if (!SAFE_ID.matcher(id).matches()) {
      return false;
    }
    try {
      RecordingJob job =
          store
              .find(id)
              .filter(r -> r.state() == RecordingState.QUEUED)
              .map(r -> r.job())
              .orElse(null);
      if (job == null) {
        return false;
      }
      return outcomes.invalid(job, why);
    } catch (RuntimeException e) {
      LOG.warn("could not fail recording {} for its malformed job: {}", id, e.getMessage());
      return false;
    }
  }

  private boolean stoppedWhileQueued(RecordingJob job) {
    return store
        .find(job.recordingId())
        .filter(r -> r.state() == RecordingState.QUEUED && r.stopRequested())
        .isPresent();
  }

  private void duplicate(RecordingJob job, ReceivedMessage received, String outcome) {
    StructuredLog.event(LogEvent.RECORDING_DUPLICATE)
        .with(LogField.RECORDING_ID, job.recordingId())
        .with(LogField.CONFERENCE_ID, job.conferenceId())
        .with(LogField.OUTCOME, outcome)
        .with(LogField.DELIVERY_ATTEMPT, attempt(received))
        .info(LOG, "job acked without recording: {}", outcome);
  }

  RecordingJob parse(PubsubMessage message) {
    RecordingJob job;
    try {
      job = json.readValue(message.getData().toByteArray(), RecordingJob.class);
    } catch (Exception e) {
      throw new RecordingException(
          ErrorCode.INVALID_JOB, "not a job document (" + e.getClass().getSimpleName() + ")");
    }
    if (job == null) {
      throw new RecordingException(ErrorCode.INVALID_JOB, "empty message");
    }
    require(
        job.schemaVersion() == RecordingJob.SCHEMA_VERSION,
        "unsupported schemaVersion " + job.schemaVersion());
    require(
        job.recordingId() != null && SAFE_ID.matcher(job.recordingId()).matches(),
        "recordingId missing or unsafe");
    require(job.conferenceId() != null && !job.conferenceId().isBlank(), "conferenceId missing");
    require(
        job.meetingUrl() != null && isHttpUrl(job.meetingUrl()),
        "meetingUrl is not an http(s) URL");
    require(job.expiresAt() != null && job.requestedAt() != null, "requestedAt/expiresAt missing");
    require(job.maxDurationSeconds() >= 0, "maxDurationSeconds negative");
    if (!job.audioOnly() && job.video() != null) {
      require(
          job.video().width() >= 160
              && job.video().width() <= 3840
              && job.video().height() >= 120
              && job.video().height() <= 2160
              && job.video().fps() >= 1
              && job.video().fps() <= 60,
          "video spec out of range");
    }
    String attrId = message.getAttributesMap().get(RecordingJob.ATTR_RECORDING_ID);
    require(
        attrId == null || attrId.equals(job.recordingId()),
        "recordingId attribute differs from data");
    return job;
  }

  private static boolean isHttpUrl(String s) {
    try {
      java.net.URI u = java.net.URI.create(s);
      return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void require(boolean ok, String why) {
    if (!ok) {
      throw new RecordingException(ErrorCode.INVALID_JOB, why);
    }
  }

  private static java.util.Optional<Instant> publishedAt(PubsubMessage m) {
    if (!m.hasPublishTime()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        Instant.ofEpochSecond(m.getPublishTime().getSeconds(), m.getPublishTime().getNanos()));
  }

  private static Integer attempt(ReceivedMessage m) {
    return m.getDeliveryAttempt() > 0 ? m.getDeliveryAttempt() : null;
  }
}
