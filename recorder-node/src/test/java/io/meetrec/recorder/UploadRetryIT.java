package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.events.EventOutbox;
import io.meetrec.recorder.events.EventsConfiguration;
import io.meetrec.recorder.events.FlakyEventTopic;
import io.meetrec.recorder.events.PubSubEventTopic;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.recorder.upload.FlakyUploadTarget;
import io.meetrec.recorder.upload.LocalDirectoryUploadTarget;
import io.meetrec.recorder.upload.UploadConfiguration;
import io.meetrec.recorder.upload.UploadTarget;
import io.meetrec.recorder.upload.UploadTargetFactory;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.events.EventType;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.OutboxEntry;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.meetrec.testing.meeting.DemoMeeting;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.gcp.GoogleCloudConfiguration;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real recordings (sound only, seconds long, one slot of the real media pipeline) delivered through
 * failures: a target that refuses writes for a while, as a briefly unreachable bucket, and an
 * events topic that refuses the terminal event, as a Pub/Sub outage right at the end.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadRetryIT implements TestPropertyProvider {

  @Factory
  @Requires(property = "spec.name", value = "UploadRetryIT")
  static class FlakyFactory {
    @Singleton
    @Replaces(bean = UploadTarget.class, factory = UploadTargetFactory.class)
    FlakyUploadTarget flaky(UploadConfiguration config) {
      return new FlakyUploadTarget(new LocalDirectoryUploadTarget(Path.of(config.directory())), 0);
    }

    @Singleton
    @Replaces(PubSubEventTopic.class)
    FlakyEventTopic flakyTopic(
        EventsConfiguration config,
        GoogleCloudConfiguration gcp,
        @Named("pubsub") TransportChannelProvider channels,
        @Named("pubsub") CredentialsProvider credentials)
        throws IOException {
      return new FlakyEventTopic(new PubSubEventTopic(config, gcp, channels, credentials));
    }
  }

  private static final Duration RECORDED = Duration.ofSeconds(90);

  private final RecorderFixture world = new RecorderFixture();
  private DemoMeeting meeting;

  @Inject JsonMapper json;
  @Inject RecordingStore store;
  @Inject FlakyUploadTarget target;
  @Inject FlakyEventTopic topic;
  @Inject EventOutbox outbox;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("upload-retry-recorder"));
    // Display 221 and port 9421: unused by every other test class and bench.
    p.putAll(world.realMediaProperties(1, 221, 9421));
    p.put("spec.name", "UploadRetryIT");
    p.put("meetrec.recorder.upload.retry-budget", "3s");
    p.put("meetrec.recorder.upload.initial-backoff", "300ms");
    // Two quick tries (1 s apart) before a terminal event is left to the outbox.
    p.put("meetrec.recorder.events.attempts", "2");
    p.put("meetrec.recorder.events.outbox-every", "1s");
    meeting = DemoMeeting.start();
    return p;
  }

  @AfterAll
  void stopMeeting() {
    if (meeting != null) {
      meeting.close();
    }
  }

  private RecordingJob job() {
    return world.audioJob(meeting.url("participants=3").toString(), 2);
  }

  @Test
  void recordingCompletesAfterRefusedWritesWithEachObjectStoredOnce() throws Exception {
    target.failNext(3);
    int storedBefore = target.stored.get();
    RecordingJob job = job();
    world.publish(json, job);

    RecordingRecord done = StoreWaits.awaitState(store, job, RecordingState.COMPLETED, RECORDED);

    assertThat(target.refused.get()).isGreaterThanOrEqualTo(3);
    assertThat(target.stored.get() - storedBefore).as("media and metadata, once each").isEqualTo(2);
    Path media = world.uploadedMedia(job);
    assertThat(Files.size(media)).isEqualTo(done.output().sizeBytes());
    assertThat(MediaFiles.probe(Ffmpeg.get(), media).streams())
        .extracting(s -> s.info().kind() + "/" + s.info().codec())
        .containsExactly("audio/aac");
    assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 2)))
        .containsExactly("recording.started", "recording.completed");
  }

  @Test
  void uploadThatKeepsFailingEndsFailedWithTheFileKept() throws Exception {
    target.failNext(1000);
    try {
      RecordingJob job = job();
      world.publish(json, job);

      RecordingRecord failed = StoreWaits.awaitState(store, job, RecordingState.FAILED, RECORDED);

      assertThat(failed.error().code()).isEqualTo("upload_failed");
      Path kept =
          world
              .workDir
              .resolve(job.recordingId())
              .resolve(StorageLayout.mediaFileName(job.audioOnly()));
      assertThat(kept).exists();
      assertThat(Files.size(kept)).isPositive();
      assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 2)))
          .containsExactly("recording.started", "recording.failed");
    } finally {
      target.failNext(0);
    }
  }

  @Test
  void terminalEventOfARecorderThatDiedRightAfterItsTransitionIsPublishedByAnotherPod()
      throws Exception {
    // What a recorder killed between its terminal transition and its publish leaves behind: the
    // transition and, stored by the same script, its event; no claim on it.
    RecordingJob job = job();
    store.claim(job, "pod-gone", Duration.ofMinutes(1));
    RecordingError error = RecordingError.of(ErrorCode.CAPTURE_FAILED, "browser died");
    RecordingEvent event =
        RecordingEvent.of(
            EventType.FAILED,
            job.recordingId(),
            Instant.now(),
            job.webhookUrl(),
            Map.of("error", Map.of("code", error.code(), "message", error.message())));
    assertThat(
            store.transition(
                job.recordingId(),
                RecordingState.FAILED,
                "pod-gone",
                RecordingUpdate.failed(Instant.now(), error),
                new OutboxEntry(event.eventId(), json.writeValueAsString(event))))
        .isTrue();

    List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(20), 1);
    assertThat(RecorderFixture.types(events)).containsExactly("recording.failed");
    assertThat(events.get(0).getMessage().getAttributesMap())
        .containsEntry(RecordingEvent.ATTR_EVENT_ID, event.eventId());
    assertThat(
            RecorderFixture.signedWith(events.get(0), RecorderFixture.readSecret(world.secretFile)))
        .isTrue();
    RecorderFixture.await(
        Duration.ofSeconds(10), "the outbox entry to go", () -> !outbox.contains(event.eventId()));
  }

  @Test
  void terminalEventRefusedByPubSubIsPublishedOnceFromTheOutbox() throws Exception {
    // The recorder's own two tries and the republisher's first pass all fail.
    topic.failNextTerminal(3);
    try {
      RecordingJob job = job();
      world.publish(json, job);

      StoreWaits.awaitState(store, job, RecordingState.COMPLETED, RECORDED);
      List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(30), 2);
      assertThat(RecorderFixture.types(events))
          .containsExactly("recording.started", "recording.completed");
      assertThat(topic.refused.get()).isEqualTo(3);
      RecordingEvent completed =
          json.readValue(events.get(1).getMessage().getData().toByteArray(), RecordingEvent.class);
      assertThat(outbox.contains(completed.eventId())).as("delivered events leave").isFalse();
      assertThat(
              RecorderFixture.signedWith(
                  events.get(1), RecorderFixture.readSecret(world.secretFile)))
          .isTrue();

      // A few more republisher passes: nothing goes out twice.
      Thread.sleep(3000);
      assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(1), 3)))
          .containsExactly("recording.started", "recording.completed");
    } finally {
      topic.failNextTerminal(0);
    }
  }
}
