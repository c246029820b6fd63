package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.testing.ChildRecorder;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingSegment;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.meeting.DemoMeeting;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
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
 * A recorder pod is SIGKILLed mid-meeting while another recorder has a free slot: the survivor
 * takes the recording over and records the rest of the meeting as its second segment. The customer
 * sees one recording that started once and completed once, with both segments' media and the
 * seconds lost between them.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderTakeoverIT implements TestPropertyProvider {

  private static final String SURVIVOR = "takeover-recorder";

  private final RecorderFixture world = new RecorderFixture();

  @Inject JsonMapper json;
  @Inject RecordingStore store;

  private DemoMeeting meeting;

  @Override
  public Map<String, String> getProperties() {
    // realMediaProperties checks the programs first.
    Map<String, String> media = world.realMediaProperties(1, 215, 9415);
    meeting = DemoMeeting.start();
    // The survivor pulls an idle subscription, so the job goes to the doomed recorder; it has a
    // free, real slot for the takeover.
    String idleTopic = "idle-requests-" + world.suffix;
    String idleSub = "idle-requests-recorder-" + world.suffix;
    world.pubsub.createTopic(idleTopic);
    world.pubsub.createPullSubscription(idleTopic, idleSub, 30);
    Map<String, String> p = new HashMap<>(world.properties(SURVIVOR));
    p.putAll(media);
    p.put("meetrec.recorder.job.subscription", idleSub);
    p.put("meetrec.recorder.lease.takeover-within", "30s");
    return p;
  }

  @Test
  void aLostPodsRecordingIsTakenOverAndCompletesOnceWithBothSegments() throws Exception {
    try (ChildRecorder child = ChildRecorder.start(world.doomedRecorderProperties(192, 9312))) {
      child.awaitLive(Duration.ofSeconds(60));
      RecordingJob job = world.smallJob(meeting.url("participants=2").toString(), 120);
      world.publish(json, job);
      RecordingRecord recording =
          StoreWaits.awaitState(store, job, RecordingState.RECORDING, Duration.ofSeconds(60));
      assertThat(recording.owner()).isEqualTo("doomed-recorder");
      RecorderFixture.await(
          Duration.ofSeconds(60),
          "15 s recorded",
          () -> Duration.between(recording.startedAt(), Instant.now()).toSeconds() >= 15);

      child.kill();
      Instant killedAt = Instant.now();

      RecorderFixture.await(
          Duration.ofSeconds(30),
          "the survivor recording segment 2",
          () -> {
            RecordingRecord r = store.find(job.recordingId()).orElseThrow();
            return SURVIVOR.equals(r.owner())
                && r.segment() == 2
                && r.segmentStartedAt() != null
                && r.segmentStartedAt().isAfter(killedAt);
          });
      RecordingRecord taken = store.find(job.recordingId()).orElseThrow();
      Instant resumedAt = taken.segmentStartedAt();
      assertThat(taken.state()).isEqualTo(RecordingState.RECORDING);
      assertThat(taken.startedAt())
          .as("one recording, started once")
          .isEqualTo(recording.startedAt());
      Thread.sleep(10_000);
      store.requestStop(job.recordingId());

      RecordingRecord done =
          StoreWaits.awaitState(store, job, RecordingState.COMPLETED, Duration.ofSeconds(60));
      assertThat(done.owner()).isEqualTo(SURVIVOR);
      assertThat(done.output()).isNotNull();
      List<RecordingSegment> segments = done.output().segments();
      assertThat(segments).extracting(RecordingSegment::number).containsExactly(1, 2);
      String prefix = StorageLayout.prefix(job.recordingId(), job.requestedAt());
      Path first = world.uploadDir.resolve(prefix).resolve("recording.mp4");
      Path second = world.uploadDir.resolve(prefix).resolve("recording-2.mp4");
      assertThat(done.output().uri()).isEqualTo(first.toUri().toString());
      assertThat(segments.get(0).media().uri()).isEqualTo(first.toUri().toString());
      assertThat(segments.get(1).media().uri()).isEqualTo(second.toUri().toString());
      assertThat(world.uploadDir.resolve(prefix).resolve("parts"))
          .as("the lost segment's parts are gone once composed")
          .doesNotExist();
      double[] kept = new double[2];
      for (int i = 0; i < 2; i++) {
        Path file = Path.of(URI.create(segments.get(i).media().uri()));
        MediaFiles.Probe probe = MediaFiles.probe(Ffmpeg.get(), file);
        assertThat(probe.streams())
            .extracting(st -> st.info().codec())
            .as("segment %d opens with both streams", i + 1)
            .containsExactlyInAnyOrder("h264", "aac");
        kept[i] = probe.durationSeconds();
        assertThat(segments.get(i).durationSeconds()).isCloseTo(kept[i], within(0.3));
      }
      double gap =
          Duration.between(segments.get(0).endedAt(), segments.get(1).startedAt()).toMillis()
              / 1000.0;
      assertThat(done.output().lostSeconds())
          .as("the seconds between the two segments")
          .isCloseTo(gap, within(0.2));
      double killToResume = Duration.between(killedAt, resumedAt).toMillis() / 1000.0;
      double beforeKill = Duration.between(recording.startedAt(), killedAt).toMillis() / 1000.0;
      System.out.printf(
          "takeover: pod killed after %.1f s; segment 1 kept %.1f s; segment 2 recording %.1f s"
              + " after the kill and kept %.1f s; %.1f s of meeting lost between them%n",
          beforeKill, kept[0], killToResume, kept[1], done.output().lostSeconds());
      assertThat(killToResume)
          .as("lease ttl 5 s + reap period 1 s + rejoining the meeting")
          .isLessThan(20.0);
      assertThat(done.output().lostSeconds())
          .as("what the lost pod had not shipped plus the time to rejoin")
          .isLessThan(25.0);

      List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(10), 3);
      // Anything more would be here by now; look a little longer for a second start or end.
      events = world.events(job.recordingId(), Duration.ofSeconds(3), 4);
      assertThat(RecorderFixture.types(events))
          .as("the takeover is invisible to the customer but in the completion's segments")
          .containsExactly("recording.started", "recording.stopped", "recording.completed");
      RecordingEvent completed =
          json.readValue(events.get(2).getMessage().getData().toByteArray(), RecordingEvent.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> output = (Map<String, Object>) completed.data().get("output");
      assertThat(output).containsEntry("uri", first.toUri().toString());
      assertThat((List<?>) output.get("segments")).hasSize(2);
    }
  }

  @AfterAll
  void stopMeeting() {
    if (meeting != null) {
      meeting.close();
    }
  }
}
