package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.testing.ChildRecorder;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.meeting.DemoMeeting;
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
 * A recorder process (real media pipeline, one slot) gets SIGTERM while recording: it finishes,
 * uploads, takes nothing new, exits.
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
    // Takes no jobs, so its (real) capture never starts a browser: it only watches.
    p.put("meetrec.recorder.job.enabled", "false");
    p.put("meetrec.recorder.lease.reaper-enabled", "false");
    return p;
  }

  @Test
  void sigtermLetsTheRunningRecordingFinishAndUploadAndTakesNoNewJob() throws Exception {
    Map<String, String> props = new HashMap<>(world.properties("draining-recorder"));
    // Display 241 and port 9441: unused by every other test class and bench.
    props.putAll(world.realMediaProperties(1, 241, 9441));
    try (DemoMeeting meeting = DemoMeeting.start();
        ChildRecorder child = ChildRecorder.start(props)) {
      child.awaitLive(Duration.ofSeconds(60));
      String url = meeting.url("participants=3").toString();
      RecordingJob running = world.audioJob(url, 6);
      world.publish(json, running);
      // Includes the child's browser warm-up on a loaded machine.
      StoreWaits.awaitState(store, running, RecordingState.RECORDING, Duration.ofSeconds(90));

      child.terminate();
      RecorderFixture.await(
          Duration.ofSeconds(5),
          "readiness to fail",
          () -> child.status("/health/readiness") == 503);
      RecordingJob late = world.audioJob(url, 6);
      world.publish(json, late);

      assertThat(child.process().waitFor(40, TimeUnit.SECONDS))
          .as("the recorder exits once its session is done")
          .isTrue();
      assertThat(child.process().exitValue()).isZero();
      RecordingRecord done = store.find(running.recordingId()).orElseThrow();
      assertThat(done.state()).as(child.tail()).isEqualTo(RecordingState.COMPLETED);
      assertThat(world.uploadedMedia(running)).exists();
      assertThat(MediaFiles.probe(Ffmpeg.get(), world.uploadedMedia(running)).streams())
          .extracting(st -> st.info().kind() + "/" + st.info().codec())
          .as("the drained recording's file is complete")
          .containsExactly("audio/aac");
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
