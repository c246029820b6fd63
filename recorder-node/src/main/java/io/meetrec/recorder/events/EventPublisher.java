package io.meetrec.recorder.events;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.config.SecretFile;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.EventSignatures;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.store.OutboxEntry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes signed recording events on {@code recording-events}, ordered per recording. Each event
 * gets a fresh id, and its data bytes are signed with the recorder secret (Standard Webhooks
 * scheme, {@link EventSignatures}) read from the mounted secret file at the moment of signing, so a
 * rotated secret signs the very next event.
 *
 * <p>Publishing waits for the server's ack. A terminal event is the customer's only news of the
 * outcome, so it goes through the {@link EventOutbox}: {@link #terminal} builds it before the
 * terminal transition, the store writes it into the outbox in the same script as the transition
 * ({@link TerminalEvent#outbox()}), and {@link #publish(TerminalEvent)} sends it and deletes it
 * once Pub/Sub took it. If every try fails, or the recorder dies first, it stays there and {@link
 * OutboxRepublisher} (on any pod) publishes it later with the same event id, re-signed with a fresh
 * timestamp.
 */
@Singleton
public class EventPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
  private static final long MAX_BACKOFF_MS = 8000L;

  private final EventTopic topic;
  private final EventOutbox outbox;
  private final JsonMapper json;
  private final SecretFile secret;
  private final EventsConfiguration config;
  private final String owner;
  private final Clock clock = Clock.systemUTC();

  public EventPublisher(
      EventsConfiguration config,
      EventTopic topic,
      EventOutbox outbox,
      RecorderConfiguration recorder,
      JsonMapper json) {
    this.config = config;
    this.topic = topic;
    this.outbox = outbox;
    this.json = json;
    this.owner = recorder.owner();
    this.secret = new SecretFile(Path.of(config.secretFile()));
  }

  /**
   * A terminal event built ahead of its transition, claimed by this recorder so no republisher
   * publishes it while we do.
   */
  public record TerminalEvent(RecordingEvent event, byte[] bytes) {
    /** What the store writes into the outbox with the transition. */
    public OutboxEntry outbox() {
      return new OutboxEntry(event.eventId(), new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /**
   * Builds the terminal event of {@code job}; hand its {@link TerminalEvent#outbox()} to the store.
   */
  public TerminalEvent terminal(RecordingJob job, EventType type, Map<String, Object> data) {
    return terminal(job.recordingId(), job.webhookUrl(), type, data);
  }

  public TerminalEvent terminal(
      String recordingId, @Nullable String webhookUrl, EventType type, Map<String, Object> data) {
    if (!type.isTerminal()) {
      throw new IllegalArgumentException(type + " is not terminal");
    }
    RecordingEvent event = RecordingEvent.of(type, recordingId, clock.instant(), webhookUrl, data);
    TerminalEvent t = new TerminalEvent(event, serialize(event));
    try {
      outbox.claim(event.eventId(), owner, ownClaim());
    } catch (RuntimeException e) {
      // Without the claim a republisher may publish it too: a duplicate id, which receivers drop.
      LOG.warn("outbox claim of {} failed: {}", event.eventId(), e.getMessage());
    }
    return t;
  }

  /**
   * Publishes a terminal event the store has put in the outbox with its transition. Never throws
   * for Pub/Sub trouble: the event then stays in the outbox for the republisher.
   */
  public RecordingEvent publish(TerminalEvent t) {
    try {
      send(t.event(), t.bytes(), Math.max(1, config.attempts()));
    } catch (RecordingException e) {
      LOG.warn(
          "event.deferred {} {} stays in the outbox for the republisher",
          t.event().type(),
          t.event().eventId());
      releaseQuietly(t.event().eventId());
      return t.event();
    }
    deliveredQuietly(t.event().eventId());
    return t.event();
  }

  /** The transition was refused (someone else ended the recording): this event never happened. */
  public void discard(TerminalEvent t) {
    releaseQuietly(t.event().eventId());
  }

  /** Publishes one event about {@code job}; returns the event as published. */
  public RecordingEvent publish(RecordingJob job, EventType type, Map<String, Object> data) {
    return publish(job.recordingId(), job.webhookUrl(), type, data);
  }

  /**
   * Publishes one event. A non-terminal event that cannot be published throws {@code UNAVAILABLE}.
   * A terminal event whose transition is already stored goes into the outbox first (a step apart
   * from its transition: prefer {@link #terminal} with the store's outbox-taking transitions) and
   * is left there for the republisher if Pub/Sub refuses it.
   */
  public RecordingEvent publish(
      String recordingId, @Nullable String webhookUrl, EventType type, Map<String, Object> data) {
    RecordingEvent event = RecordingEvent.of(type, recordingId, clock.instant(), webhookUrl, data);
    byte[] bytes = serialize(event);
    if (!type.isTerminal()) {
      send(event, bytes, Math.max(1, config.attempts()));
      return event;
    }
    try {
      outbox.put(event.eventId(), bytes, owner, ownClaim());
    } catch (RuntimeException e) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "event outbox unavailable", e);
    }
    return publish(new TerminalEvent(event, bytes));
  }

  private byte[] serialize(RecordingEvent event) {
    try {
      return json.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.INTERNAL, "event could not be serialized", e);
    }
  }

  /**
   * One pass over the outbox: every stored event nobody holds is claimed and published once.
   *
   * @return how many were published
   */
  public int republishPending() {
    int published = 0;
    for (Map.Entry<String, byte[]> entry : outbox.pending().entrySet()) {
      String eventId = entry.getKey();
      if (!outbox.claim(eventId, owner, config.publishTimeout().plusSeconds(5))) {
        continue;
      }
      RecordingEvent event;
      try {
        event = json.readValue(entry.getValue(), RecordingEvent.class);
      } catch (IOException e) {
        // Only this class writes the outbox; an unreadable entry would block nothing but itself.
        LOG.error("event.unreadable {} dropped from the outbox: {}", eventId, e.getMessage());
        outbox.delivered(eventId);
        continue;
      }
      try {
        topic.resume(event.recordingId());
        send(event, entry.getValue(), 1);
        outbox.delivered(eventId);
        LOG.info("event.republished {} {}", event.type(), eventId);
        published++;
      } catch (RecordingException e) {
        outbox.release(eventId);
      }
    }
    return published;
  }

  private void send(RecordingEvent event, byte[] bytes, int attempts) {
    RecordingException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      // Signed per try: a late retry must not carry a stale signature timestamp.
      PubsubMessage message =
          PubsubMessage.newBuilder()
              .setData(ByteString.copyFrom(bytes))
              .setOrderingKey(event.recordingId())
              .putAllAttributes(EventSignatures.attributes(secret.current(), event, bytes, clock))
              .build();
      try {
        String messageId = topic.publish(message, config.publishTimeout());
        LOG.info("event.published {} {} as {}", event.type(), event.eventId(), messageId);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecordingException(ErrorCode.UNAVAILABLE, "event publish interrupted", e);
      } catch (Exception e) {
        last = new RecordingException(ErrorCode.UNAVAILABLE, "event publish failed", e);
        LOG.warn("event.publish_failed {} attempt {}: {}", event.type(), attempt, e.getMessage());
        // An ordered publisher pauses a key after a failure until told to resume.
        topic.resume(event.recordingId());
        if (attempt < attempts) {
          sleepQuietly(backoffMs(attempt));
        }
      }
    }
    throw last;
  }

  /** Long enough to cover every try of one publish, so no republisher interferes meanwhile. */
  private Duration ownClaim() {
    Duration total = Duration.ZERO;
    for (int attempt = 1; attempt <= Math.max(1, config.attempts()); attempt++) {
      total = total.plus(config.publishTimeout()).plusMillis(backoffMs(attempt));
    }
    return total.plusSeconds(5);
  }

  private static long backoffMs(int attempt) {
    return Math.min(MAX_BACKOFF_MS, 500L << attempt);
  }

  private void releaseQuietly(String eventId) {
    try {
      outbox.release(eventId);
    } catch (RuntimeException e) {
      LOG.warn("outbox claim of {} not released; it lapses on its own", eventId);
    }
  }

  private void deliveredQuietly(String eventId) {
    try {
      outbox.delivered(eventId);
    } catch (RuntimeException e) {
      // The event is out; at worst it goes out again with the same id, which receivers drop.
      LOG.warn("outbox entry {} not removed: {}", eventId, e.getMessage());
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
