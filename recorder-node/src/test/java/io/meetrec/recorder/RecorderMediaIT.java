package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.Requirements;
import io.meetrec.testing.meeting.DemoMeeting;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole recorder with the real media pipeline (Xvfb, PulseAudio, Chromium, libav* through
 * jnr-ffi) recording the demo meeting page: a job from the emulator ends as a playable upload.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderMediaIT implements TestPropertyProvider {

  private final RecorderFixture world = new RecorderFixture();
  private DemoMeeting meeting;

  @Inject JsonMapper json;
  @Inject RecordingStore store;

  @Override
  public Map<String, String> getProperties() {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio pulseaudio-utils");
    Requirements.program("chromium", "apt-get install chromium");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
    meeting = DemoMeeting.start();
    Map<String, String> p = new HashMap<>(world.properties("media-recorder"));
    p.put("meetrec.recorder.media.slots", "1");
    p.put("meetrec.recorder.media.first-display", "181");
    p.put("meetrec.recorder.media.first-debug-port", "9301");
    p.put("meetrec.recorder.media.work-dir", world.root.resolve("slots").toString());
    p.put("meetrec.recorder.media.x264-preset", "ultrafast");
    return p;
  }

  @AfterAll
  void stopMeeting() {
    if (meeting != null) {
      meeting.close();
    }
  }

  @Test
  void publishedJobIsRecordedWithRealMediaAndUploaded() {
    RecordingJob job = world.job(meeting.url("participants=3").toString(), 6);
    world.publish(json, job);

    RecordingRecord done =
        StoreWaits.awaitState(store, job, RecordingState.COMPLETED, Duration.ofSeconds(90));

    MediaFiles.Probe probe =
        MediaFiles.probe(Ffmpeg.get(), Path.of(URI.create(done.output().uri())));
    assertThat(probe.durationSeconds()).isCloseTo(6.0, within(1.5));
    assertThat(done.output().durationSeconds()).isCloseTo(probe.durationSeconds(), within(0.1));
    assertThat(probe.streams())
        .extracting(s -> s.info().kind() + "/" + s.info().codec())
        .containsExactlyInAnyOrder("video/h264", "audio/aac");
    assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 2)))
        .containsExactly("recording.started", "recording.completed");
  }

  @Test
  void stopRequestEndsARealRecordingEarlyWithAPlayableFile() throws Exception {
    RecordingJob job = world.job(meeting.url("participants=3").toString(), 120);
    world.publish(json, job);
    StoreWaits.awaitState(store, job, RecordingState.RECORDING, Duration.ofSeconds(60));
    Thread.sleep(3000);

    store.requestStop(job.recordingId());
    RecordingRecord done =
        StoreWaits.awaitState(store, job, RecordingState.COMPLETED, Duration.ofSeconds(30));

    MediaFiles.Probe probe =
        MediaFiles.probe(Ffmpeg.get(), Path.of(URI.create(done.output().uri())));
    assertThat(probe.durationSeconds()).isBetween(2.0, 15.0);
    assertThat(probe.streams()).hasSize(2);
    assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 3)))
        .containsExactly("recording.started", "recording.stopped", "recording.completed");
  }
}
