package io.meetrec.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.Requirements;
import io.meetrec.testing.meeting.DemoMeeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records the demo meeting page with real Xvfb, PulseAudio, Chromium and ffmpeg libraries. */
class MediaCaptureIT {

  private static DemoMeeting meeting;
  private static SlotCapture capture;
  private static Ffmpeg ff;

  @BeforeAll
  static void start() {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio");
    Requirements.program("chromium", "apt-get install chromium");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
    ff = Ffmpeg.get();
    meeting = DemoMeeting.start();
    MediaConfiguration defaults = MediaConfiguration.defaults();
    capture =
        new SlotCapture(
            new MediaConfiguration(
                1,
                171,
                9291,
                defaults.chromiumPath(),
                defaults.xvfbPath(),
                defaults.pulseaudioPath(),
                Path.of("target/slots"),
                "veryfast",
                23,
                128000,
                2,
                Duration.ofSeconds(20),
                Duration.ofSeconds(60),
                Duration.ofSeconds(120)));
  }

  @AfterAll
  static void stop() {
    if (capture != null) {
      capture.close();
    }
    if (meeting != null) {
      meeting.close();
    }
  }

  @Test
  void recordsTheMeetingAsH264AndAacInSync(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recording.mp4");
    CaptureResult result;
    try (CaptureSession session =
        capture.start(
            new CaptureRequest(
                "rec-video",
                meeting.url("participants=3"),
                "join-token",
                VideoSpec.DEFAULT,
                false,
                file,
                Duration.ofSeconds(20)))) {
      assertThat(capture.available()).isZero();
      Thread.sleep(10_000);
      assertThat(session.progress().videoFrames()).isPositive();
      result = session.stop();
    }
    assertThat(capture.available()).isOne();

    MediaFiles.Probe probe = MediaFiles.probe(ff, file);
    assertThat(probe.durationSeconds()).isCloseTo(10.0, within(0.5));
    assertThat(result.durationSeconds()).isCloseTo(probe.durationSeconds(), within(0.01));
    assertThat(result.sizeBytes()).isEqualTo(Files.size(file));
    MediaFiles.ProbedStream video = probe.streams().get(0);
    MediaFiles.ProbedStream audio = probe.streams().get(1);
    assertThat(video.info()).isEqualTo(new StreamInfo("video", "h264", 1280, 720, 30.0, 0, 0));
    assertThat(video.frames()).isBetween(285L, 315L);
    assertThat(audio.info()).isEqualTo(new StreamInfo("audio", "aac", 0, 0, 0, 48000, 2));
    assertThat(Math.abs(video.startSeconds() - audio.startSeconds())).isLessThan(0.1);

    Decoded decoded = Decoded.of(ff, file);
    assertThat(decoded.lumaDeviations().get(decoded.lumaDeviations().size() / 2))
        .as("picture has content, not a flat colour")
        .isGreaterThan(5);
    assertThat(new HashSet<>(decoded.lumaHashes()).size())
        .as("picture changes over time")
        .isGreaterThan(decoded.lumaHashes().size() / 3);
    assertThat(decoded.audioRms()).as("the 440 Hz tone is audible").isGreaterThan(0.05);
  }

  @Test
  void recordsAudioOnlyAsAacInM4a(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recording.m4a");
    try (CaptureSession session =
        capture.start(
            new CaptureRequest(
                "rec-audio", meeting.url(null), null, null, true, file, Duration.ofSeconds(20)))) {
      Thread.sleep(4_000);
      session.stop();
    }
    MediaFiles.Probe probe = MediaFiles.probe(ff, file);
    assertThat(probe.infos()).containsExactly(new StreamInfo("audio", "aac", 0, 0, 0, 48000, 2));
    assertThat(probe.durationSeconds()).isCloseTo(4.0, within(0.5));
    assertThat(Decoded.of(ff, file).audioRms()).isGreaterThan(0.05);
  }

  @Test
  void failsWithStartSignalTimeoutWhenThePageNeverGetsReady(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                capture.start(
                    new CaptureRequest(
                        "rec-timeout",
                        meeting.url("neverReady=1"),
                        null,
                        VideoSpec.DEFAULT,
                        false,
                        dir.resolve("x.mp4"),
                        Duration.ofSeconds(2))))
        .isInstanceOfSatisfying(
            RecordingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.START_SIGNAL_TIMEOUT));
    assertThat(capture.available()).isOne();
  }
}
