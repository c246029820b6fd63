package io.meetrec.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.recorder.media.ffmpeg.Native;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.Requirements;
import io.meetrec.testing.meeting.DemoMeeting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many short recordings in one slot: native memory is freed every time, RSS stays flat. */
class RepeatedRecordingIT {

  private static final int WARM_UP = 2;
  private static final int MEASURED = 12;
  private static final int WINDOW = 4;
  private static final long RSS_GROWTH_LIMIT_KB = 60 * 1024;

  private static DemoMeeting meeting;
  private static SlotCapture capture;

  @BeforeAll
  static void start() {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio");
    Requirements.program("chromium", "apt-get install chromium");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
    meeting = DemoMeeting.start();
    MediaConfiguration defaults = MediaConfiguration.defaults();
    capture =
        new SlotCapture(
            new MediaConfiguration(
                1,
                165,
                9345,
                defaults.chromiumPath(),
                defaults.xvfbPath(),
                defaults.pulseaudioPath(),
                Path.of("target/slots-repeated"),
                defaults.x264Preset(),
                defaults.crf(),
                defaults.audioBitrate(),
                defaults.fragmentSeconds(),
                Duration.ofSeconds(30),
                defaults.aloneAfter(),
                defaults.noMediaAfter()));
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
  void residentMemoryStaysFlatAcrossManyShortRecordings(@TempDir Path dir) throws Exception {
    long nativeBefore = Native.outstanding();
    List<Long> rss = new ArrayList<>();
    for (int i = 0; i < WARM_UP + MEASURED; i++) {
      Path file = dir.resolve("short-" + i + ".mp4");
      try (CaptureSession session =
          capture.start(
              new CaptureRequest(
                  "rec-short-" + i,
                  meeting.url("participants=2"),
                  null,
                  VideoSpec.DEFAULT,
                  false,
                  file,
                  Duration.ofSeconds(30)))) {
        Thread.sleep(2_000);
        CaptureResult result = session.stop();
        assertThat(result.durationSeconds()).as("recording %d", i).isGreaterThan(1.0);
      }
      assertThat(Native.outstanding())
          .as("native contexts of recording %d all freed", i)
          .isEqualTo(nativeBefore);
      Files.delete(file);
      if (i >= WARM_UP) {
        System.gc();
        rss.add(residentKb());
      }
    }
    assertThat(capture.available()).isOne();
    long first = average(rss.subList(0, WINDOW));
    long last = average(rss.subList(rss.size() - WINDOW, rss.size()));
    System.out.printf(
        "RSS after each recording (KiB): %s; first-%d avg %d, last-%d avg %d, growth %+d KiB%n",
        rss, WINDOW, first, WINDOW, last, last - first);
    assertThat(last - first)
        .as("RSS growth over %d recordings (KiB), series %s", MEASURED, rss)
        .isLessThan(RSS_GROWTH_LIMIT_KB);
  }

  private static long average(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum() / values.size();
  }

  private static long residentKb() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElseThrow();
  }
}
