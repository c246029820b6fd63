package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.testing.ChildRecorder;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.meeting.DemoMeeting;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
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
 * A recorder process recording the demo meeting with the real media pipeline is SIGKILLed and its
 * work directory deleted, as when a pod dies with its emptyDir; this JVM, another recorder that
 * takes no jobs, reaps the lapsed lease (5 s here) and composes the parts the lost recorder shipped
 * while recording into the recording's media object: decodable, both streams, at most one part
 * interval plus a fragment lost, and the terminal event and the record point at it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderKillIT implements TestPropertyProvider {

  private final RecorderFixture world = new RecorderFixture();

  @Inject JsonMapper json;
  @Inject RecordingStore store;

  private DemoMeeting meeting;

  @Override
  public Map<String, String> getProperties() {
    meeting = DemoMeeting.start();
    Map<String, String> p = new HashMap<>(world.properties("surviving-recorder"));
    // Takes no jobs, so its (real) capture never starts a browser: it only reaps.
    p.put("meetrec.recorder.job.enabled", "false");
    // Nobody takes the recording over here (RecorderTakeoverIT covers that): it ends at once.
    p.put("meetrec.recorder.lease.takeover-within", "0s");
    return p;
  }

  @Test
  void aLostPodsRecordingEndsOnceWithTheMediaItShippedComposedInTheBucket() throws Exception {
    try (ChildRecorder child = ChildRecorder.start(world.doomedRecorderProperties(191, 9311))) {
      child.awaitLive(Duration.ofSeconds(60));
      RecordingJob job = world.job(meeting.url("participants=3").toString(), 120);
      world.publish(json, job);
      StoreWaits.awaitState(store, job, RecordingState.RECORDING, Duration.ofSeconds(60));
      Path partial = world.doomedWorkDir().resolve(job.recordingId()).resolve("recording.mp4");
      RecorderFixture.await(
          Duration.ofSeconds(10),
          "media on disk",
          () -> Files.exists(partial) && size(partial) > 0);
      // Fragments reach the disk as they complete (2 s each); wait for a few.
      RecorderFixture.await(
          Duration.ofSeconds(40), "fragments on disk", () -> size(partial) > 200_000);
      Thread.sleep(1000);

      RecordingRecord recording = store.find(job.recordingId()).orElseThrow();
      RecorderFixture.await(
          Duration.ofSeconds(60),
          "25 s recorded",
          () -> Duration.between(recording.startedAt(), Instant.now()).toSeconds() >= 25);

      child.kill();
      Instant killedAt = Instant.now();
      deleteTree(
          world.doomedWorkDir().resolve(job.recordingId())); // the pod's emptyDir goes with it

      RecordingRecord failed =
          StoreWaits.awaitState(store, job, RecordingState.FAILED, Duration.ofSeconds(30));

      assertThat(failed.error().code()).isEqualTo("recorder_lost");
      assertThat(failed.owner()).isEqualTo("doomed-recorder");
      assertThat(Duration.between(killedAt, failed.endedAt()))
          .as("lease ttl 5 s + reap period 1 s + composing")
          .isLessThan(Duration.ofSeconds(12));
      String prefix = StorageLayout.prefix(job.recordingId(), job.requestedAt());
      Path kept = world.uploadDir.resolve(prefix).resolve("recording.mp4");
      assertThat(kept).as("the shipped parts composed into the media object").exists();
      assertThat(world.uploadDir.resolve(prefix).resolve("parts"))
          .as("the parts are gone once composed")
          .doesNotExist();
      MediaFiles.Probe probe = MediaFiles.probe(Ffmpeg.get(), kept);
      assertThat(probe.streams())
          .extracting(st -> st.info().codec())
          .as("the composed fragmented MP4 opens with both streams")
          .containsExactlyInAnyOrder("h264", "aac");
      double meetingSeconds = Duration.between(recording.startedAt(), killedAt).toMillis() / 1000.0;
      double lost = meetingSeconds - probe.durationSeconds();
      System.out.printf(
          "pod lost after %.1f s of recording: %.1f s kept in the bucket, %.1f s lost%n",
          meetingSeconds, probe.durationSeconds(), lost);
      assertThat(lost)
          .as("a part interval (4 s), a fragment (2 s) and the muxer's own lag")
          .isLessThan(10.0);
      RecordingRecord ended = store.find(job.recordingId()).orElseThrow();
      assertThat(ended.output()).isNotNull();
      assertThat(ended.output().uri()).isEqualTo(kept.toUri().toString());
      assertThat(ended.output().sizeBytes()).isEqualTo(Files.size(kept));
      assertThat(ended.output().durationSeconds())
          .isCloseTo(probe.durationSeconds(), org.assertj.core.data.Offset.offset(0.2));
      List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(10), 2);
      assertThat(RecorderFixture.types(events))
          .containsExactly("recording.started", "recording.failed");
      RecordingEvent failedEvent =
          json.readValue(events.get(1).getMessage().getData().toByteArray(), RecordingEvent.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> media = (Map<String, Object>) failedEvent.data().get("partialMedia");
      assertThat(media).containsEntry("uri", kept.toUri().toString());
      assertThat(((Number) media.get("lostSeconds")).doubleValue())
          .as("measured from the lost recorder's last lease renewal (every 1 s here)")
          .isCloseTo(lost, org.assertj.core.data.Offset.offset(2.0));
      assertThat(failedEvent.webhookUrl()).isEqualTo(job.webhookUrl());
    }
  }

  @AfterAll
  void stopMeeting() {
    if (meeting != null) {
      meeting.close();
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
