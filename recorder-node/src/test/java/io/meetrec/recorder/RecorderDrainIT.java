package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.testing.ChildRecorder;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A recorder process gets SIGTERM while recording: it finishes, uploads, takes nothing new, exits.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderDrainIT implements TestPropertyProvider {

  private final RecorderFixture world = new RecorderFixture();

  @Inject JsonMapper json;
  @Inject RecordingStore store;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("observer"));
    p.put("meetrec.test.capture", "scripted");
    p.put("meetrec.recorder.job.enabled", "false");
    p.put("meetrec.recorder.lease.reaper-enabled", "false");
    return p;
  }

  @Test
  void sigtermLetsTheRunningRecordingFinishAndUploadAndTakesNoNewJob() throws Exception {
    Map<String, String> props = new HashMap<>(world.properties("draining-recorder"));
    props.put("meetrec.test.capture", "scripted");
    try (ChildRecorder child = ChildRecorder.start(props)) {
      child.awaitLive(Duration.ofSeconds(60));
      RecordingJob running = world.job("https://meeting.example.test/room", 6);
      world.publish(json, running);
      StoreWaits.awaitState(store, running, RecordingState.RECORDING, Duration.ofSeconds(30));

      child.terminate();
      RecorderFixture.await(
          Duration.ofSeconds(5),
          "readiness to fail",
          () -> child.status("/health/readiness") == 503);
      RecordingJob late = world.job("https://meeting.example.test/room", 6);
      world.publish(json, late);

      assertThat(child.process().waitFor(40, TimeUnit.SECONDS))
          .as("the recorder exits once its session is done")
          .isTrue();
      assertThat(child.process().exitValue()).isZero();
      RecordingRecord done = store.find(running.recordingId()).orElseThrow();
      assertThat(done.state()).as(child.tail()).isEqualTo(RecordingState.COMPLETED);
      assertThat(
              world
                  .uploadDir
                  .resolve(StorageLayout.prefix(running.recordingId(), running.requestedAt()))
                  .resolve("recording.mp4"))
          .exists();
      assertThat(Files.size(java.nio.file.Path.of(java.net.URI.create(done.output().uri()))))
          .isEqualTo(done.output().sizeBytes());
      assertThat(
              RecorderFixture.types(world.events(running.recordingId(), Duration.ofSeconds(10), 2)))
          .containsExactly("recording.started", "recording.completed");

      assertThat(store.find(late.recordingId())).as("no job is claimed while draining").isEmpty();
      List<ReceivedMessage> left = world.pubsub.pull(world.requestsSub, 1, Duration.ofSeconds(10));
      assertThat(left).as("the late job is still in the subscription for another pod").hasSize(1);
      assertThat(left.get(0).getMessage().getAttributesMap())
          .containsEntry(RecordingJob.ATTR_RECORDING_ID, late.recordingId());
    }
  }
}
