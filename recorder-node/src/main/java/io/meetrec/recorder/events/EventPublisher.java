package io.meetrec.recorder.events;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.meetrec.recorder.config.SecretFile;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.EventSignatures;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.gcp.GoogleCloudConfiguration;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes signed recording events on {@code recording-events}, ordered per recording. Each event
 * gets a fresh id, and its data bytes are signed with the recorder secret (Standard Webhooks
 * scheme, {@link EventSignatures}) read from the mounted secret file at the moment of signing, so a
 * rotated secret signs the very next event.
 *
 * <p>Publishing waits for the server's ack: a terminal event is the customer's only news of the
 * outcome, so it is retried rather than fired and forgotten.
 */
@Singleton
public class EventPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final Publisher publisher;
  private final JsonMapper json;
  private final SecretFile secret;
  private final EventsConfiguration config;
  private final Clock clock = Clock.systemUTC();

  public EventPublisher(
      EventsConfiguration config,
      GoogleCloudConfiguration gcp,
      @Named("pubsub") TransportChannelProvider channels,
      @Named("pubsub") CredentialsProvider credentials,
      JsonMapper json)
      throws IOException {
    this.config = config;
    this.json = json;
    this.secret = new SecretFile(Path.of(config.secretFile()));
    this.publisher =
        Publisher.newBuilder(TopicName.of(gcp.getProjectId(), config.topic()))
            .setChannelProvider(channels)
            .setCredentialsProvider(credentials)
            .setEnableMessageOrdering(true)
            .build();
  }

  /** Publishes one event about {@code job}; returns the event as published. */
  public RecordingEvent publish(RecordingJob job, EventType type, Map<String, Object> data) {
    return publish(job.recordingId(), job.webhookUrl(), type, data);
  }

  public RecordingEvent publish(
      String recordingId, @Nullable String webhookUrl, EventType type, Map<String, Object> data) {
    RecordingEvent event = RecordingEvent.of(type, recordingId, clock.instant(), webhookUrl, data);
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.INTERNAL, "event could not be serialized", e);
    }
    RuntimeException last = null;
    for (int attempt = 1; attempt <= Math.max(1, config.attempts()); attempt++) {
      PubsubMessage message =
          PubsubMessage.newBuilder()
              .setData(ByteString.copyFrom(bytes))
              .setOrderingKey(recordingId)
              .putAllAttributes(EventSignatures.attributes(secret.current(), event, bytes, clock))
              .build();
      try {
        ApiFuture<String> id = publisher.publish(message);
        String messageId = id.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("event.published {} {} as {}", type.wireName(), event.eventId(), messageId);
        return event;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RecordingException(ErrorCode.UNAVAILABLE, "event publish interrupted", e);
      } catch (Exception e) {
        last = new RecordingException(ErrorCode.UNAVAILABLE, "event publish failed", e);
        LOG.warn(
            "event.publish_failed {} attempt {}: {}", type.wireName(), attempt, e.getMessage());
        // An ordered publisher pauses a key after a failure until told to resume.
        publisher.resumePublish(recordingId);
        sleepQuietly(Math.min(8000L, 500L << attempt));
      }
    }
    throw last;
  }

  @PreDestroy
  void close() throws InterruptedException {
    publisher.shutdown();
    publisher.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
