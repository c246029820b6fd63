package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The recorder SIGKILLed mid-recording with no other recorder running, then restarted on the same
 * volume as the kubelet restarts a container (the dead container's programs ended with it): the
 * restarted recorder uploads what the killed one recorded, the recording ends once ({@code failed},
 * {@code recorder_lost}) pointing at that media, and the restarted recorder's next job records.
 * Real media pipeline on display 450, DevTools port 19450. This JVM only watches.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderRestartIT implements TestPropertyProvider {

  private final RecorderFixture world = new RecorderFixture();
  private DemoMeeting meeting;

  @Inject JsonMapper json;
  @Inject RecordingStore store;

  @Override
  public Map<String, String> getProperties() {
    meeting = DemoMeeting.start();
    Map<String, String> p = new HashMap<>(world.properties("restart-watcher"));
    p.put("meetrec.recorder.job.enabled", "false");
    p.put("meetrec.recorder.lease.reaper-enabled", "false");
    return p;
  }

  @AfterAll
  void stopMeeting() {
    if (meeting != null) {
      meeting.close();
    }
  }

  private Map<String, String> recorder() {
    Map<String, String> p = new HashMap<>(world.properties("restart-recorder"));
    p.putAll(world.realMediaProperties(1, 450, 19450));
    p.put("meetrec.recorder.lease.ttl", "30s");
    return p;
  }

  @Test
  void aKilledRecordersMediaIsUploadedByItsRestartAndItsNextJobRecords() throws Exception {
    RecordingJob job = world.smallJob(meeting.url("participants=3").toString(), 120);
    Path partial = world.workDir.resolve(job.recordingId()).resolve("recording.mp4");
    Instant started;
    Instant killedAt;
    try (ChildRecorder first = ChildRecorder.start(recorder())) {
      first.awaitLive(Duration.ofSeconds(90));
      world.publish(json, job);
      RecordingRecord recording =
          StoreWaits.awaitState(store, job, RecordingState.RECORDING, Duration.ofSeconds(90));
      started = recording.startedAt();
      RecorderFixture.await(
          Duration.ofSeconds(60), "fragments on disk", () -> size(partial) > 100_000);
      Thread.sleep(4000);
      first.kill();
      killedAt = Instant.now();
    } // close(): the dead recorder's Xvfb, PulseAudio and Chromium end with it, as in a container
    assertThat(partial).exists();

    try (ChildRecorder second = ChildRecorder.start(recorder())) {
      second.awaitLive(Duration.ofSeconds(90));
      RecordingRecord failed =
          StoreWaits.awaitState(store, job, RecordingState.FAILED, Duration.ofSeconds(90));
      assertThat(failed.error().code()).isEqualTo("recorder_lost");
      RecorderFixture.await(
          Duration.ofSeconds(60),
          "the killed run's media in the bucket",
          () -> store.find(job.recordingId()).orElseThrow().output() != null);
      RecordingRecord done = store.find(job.recordingId()).orElseThrow();
      Path media = world.uploadedMedia(job);
      assertThat(media).exists();
      assertThat(done.output().uri()).isEqualTo(media.toUri().toString());
      assertThat(Files.size(media)).isEqualTo(done.output().sizeBytes());
      double kept = MediaFiles.probe(Ffmpeg.get(), media).durationSeconds();
      double meeting = Duration.between(started, killedAt).toMillis() / 1000.0;
      System.out.printf(
          "killed after %.1f s of recording: %.1f s kept, %.1f s lost%n",
          meeting, kept, meeting - kept);
      assertThat(meeting - kept).as("at most the last unfinished fragments").isLessThan(6.0);
      Thread.sleep(3000);
      assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 3)))
          .containsExactly("recording.started", "recording.failed");

      RecordingJob next = world.audioJob(this.meeting.url("participants=3").toString(), 3);
      world.publish(json, next);
      StoreWaits.awaitState(store, next, RecordingState.COMPLETED, Duration.ofSeconds(120));
      assertThat(world.uploadedMedia(next)).exists();
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
