package io.meetrec.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.Requirements;
import io.meetrec.testing.meeting.DemoMeeting;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slot being warmed up is still free: the job puller pulls for it, and the start that follows
 * waits for the warm-up instead of failing {@code no_free_slot} (what a new pod with a backlog did
 * when a job arrived while its browsers were starting). Real Xvfb, PulseAudio and Chromium.
 */
class SlotWarmUpIT {

  @Test
  void aStartDuringWarmUpWaitsForTheWarmingSlotAndRecords(@TempDir Path dir) throws Exception {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio");
    Requirements.program("chromium", "apt-get install chromium");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
    try (DemoMeeting meeting = DemoMeeting.start();
        SlotCapture capture =
            new SlotCapture(SlotHygieneIT.configuration(403, 19403, dir.resolve("slots")))) {
      Thread warmUp = new Thread(capture::warmUp, "test-warm-up");
      warmUp.start();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (capture.warming() == 0 && capture.slot(0) == null && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(capture.warming()).as("the warm-up holds the only slot").isOne();
      assertThat(capture.available()).as("a warming slot counts as free").isOne();

      Path file = dir.resolve("recording.mp4");
      try (CaptureSession session =
          capture.start(
              new CaptureRequest(
                  "rec-warm",
                  meeting.url(null),
                  null,
                  VideoSpec.DEFAULT,
                  false,
                  file,
                  Duration.ofSeconds(30)))) {
        assertThat(capture.warming()).as("the start waited for the warm-up").isZero();
        assertThat(capture.available()).isZero();
        Thread.sleep(2_000);
        session.stop();
      }
      warmUp.join(5_000);
      assertThat(capture.available()).isOne();
      assertThat(MediaFiles.probe(Ffmpeg.get(), file).durationSeconds()).isGreaterThan(1.5);
    }
  }
}
