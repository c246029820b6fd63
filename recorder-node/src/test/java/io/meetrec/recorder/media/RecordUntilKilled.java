package io.meetrec.recorder.media;

import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.meeting.DemoMeeting;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link KilledRecorderIT}: records the demo meeting into a file until it is
 * killed. Arguments: display number, DevTools port, work dir, output file. If its parent goes away
 * without killing it (stdin reaches end of file), it stops on its own rather than record forever.
 */
public final class RecordUntilKilled {

  private RecordUntilKilled() {}

  public static void main(String[] args) throws Exception {
    int display = Integer.parseInt(args[0]);
    int debugPort = Integer.parseInt(args[1]);
    Path workDir = Path.of(args[2]);
    Path output = Path.of(args[3]);
    MediaConfiguration defaults = MediaConfiguration.defaults();
    MediaConfiguration configuration =
        new MediaConfiguration(
            1,
            display,
            debugPort,
            defaults.chromiumPath(),
            defaults.xvfbPath(),
            defaults.pulseaudioPath(),
            workDir,
            defaults.x264Preset(),
            defaults.crf(),
            defaults.audioBitrate(),
            defaults.fragmentSeconds(),
            Duration.ofSeconds(30),
            defaults.aloneAfter(),
            defaults.noMediaAfter());
    try (DemoMeeting meeting = DemoMeeting.start();
        SlotCapture capture = new SlotCapture(configuration);
        CaptureSession session =
            capture.start(
                new CaptureRequest(
                    "rec-killed",
                    meeting.url("participants=3"),
                    null,
                    VideoSpec.DEFAULT,
                    false,
                    output,
                    Duration.ofSeconds(30)))) {
      System.out.println("@@ recording " + output);
      System.out.flush();
      while (System.in.read() >= 0) {
        // waits for SIGKILL; end of input means the parent is gone
      }
      session.stop();
    }
  }
}
