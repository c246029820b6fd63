package io.meetrec.intake.publish;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes jobs on {@code recording-requests} and waits for Pub/Sub to accept each one, so a 202
 * means the job is durably queued. Retries are bounded by {@link PublishConfiguration#timeout()}:
 * the client library would otherwise keep retrying for ten minutes while the caller waits.
 */
@Singleton
public class JobPublisher {

  private static final Duration MIN_TOTAL = Duration.ofSeconds(10);

  private final PublishConfiguration config;
  private final JsonMapper json;
  private final Duration timeout;
  private Publisher publisher;
  private ManagedChannel emulatorChannel;

  public JobPublisher(PublishConfiguration config, JsonMapper json) {
    this.config = config;
    this.json = json;
    this.timeout = config.timeout();
  }

  /**
   * Built on first use rather than at start-up: most requests never publish, and a credentials
   * problem must surface as a 503 on create, not as a failure of every route.
   */
  private synchronized Publisher publisher() {
    if (publisher != null) {
      return publisher;
    }
    // The library refuses a total timeout under 10 s; the wait in publish() enforces ours.
    Duration total = config.timeout().compareTo(MIN_TOTAL) < 0 ? MIN_TOTAL : config.timeout();
    RetrySettings retry =
        RetrySettings.newBuilder()
            .setInitialRetryDelayDuration(Duration.ofMillis(100))
            .setRetryDelayMultiplier(2)
            .setMaxRetryDelayDuration(Duration.ofSeconds(1))
            .setInitialRpcTimeoutDuration(config.timeout())
            .setRpcTimeoutMultiplier(1)
            .setMaxRpcTimeoutDuration(config.timeout())
            .setTotalTimeoutDuration(total)
            .build();
    Publisher.Builder builder =
        Publisher.newBuilder(TopicName.of(config.projectId(), config.topic()))
            .setRetrySettings(retry);
    String emulator = config.emulatorHost();
    if (emulator != null && !emulator.isBlank()) {
      emulatorChannel = ManagedChannelBuilder.forTarget(emulator).usePlaintext().build();
      builder
          .setChannelProvider(
              FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel)))
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    try {
      publisher = builder.build();
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "job queue unavailable", e);
    }
    return publisher;
  }

  /** How long one publish may take before it counts as failed (its outcome then unknown). */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Publishes {@code job} for {@code clientId} and returns the message id; UNAVAILABLE when Pub/Sub
   * did not take it. The client id travels as an attribute so that subscriptions can filter on it
   * (developers' personal recorder subscriptions).
   */
  public String publish(RecordingJob job, String clientId) {
    PubsubMessage message;
    try {
      message =
          PubsubMessage.newBuilder()
              .setData(ByteString.copyFrom(json.writeValueAsBytes(job)))
              .putAttributes(RecordingJob.ATTR_RECORDING_ID, job.recordingId())
              .putAttributes(
                  RecordingJob.ATTR_SCHEMA_VERSION, Integer.toString(job.schemaVersion()))
              .putAttributes(RecordingJob.ATTR_CLIENT_ID, clientId)
              .build();
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.INTERNAL, "job could not be serialised", e);
    }
    ApiFuture<String> future = publisher().publish(message);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      future.cancel(true);
      throw new RecordingException(ErrorCode.UNAVAILABLE, "job queue unavailable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(ErrorCode.UNAVAILABLE, "interrupted while queueing", e);
    }
  }

  @PreDestroy
  synchronized void close() throws InterruptedException {
    if (publisher != null) {
      publisher.shutdown();
      publisher.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (emulatorChannel != null) {
      emulatorChannel.shutdownNow();
    }
  }
}
