package io.meetrec.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A person-readable summary of a media file for the demo's report. This is a reporting aid only:
 * the recorder itself never runs an ffmpeg program.
 */
final class Ffprobe {

  private Ffprobe() {}

  static String summary(Path file) {
    try {
      Process p =
          new ProcessBuilder(
                  "ffprobe",
                  "-v",
                  "error",
                  "-show_entries",
                  "format=duration,bit_rate:stream=codec_type,codec_name,width,height,avg_frame_rate,sample_rate,channels",
                  "-of",
                  "compact=p=0",
                  file.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out.strip();
    } catch (IOException e) {
      return "(ffprobe unavailable: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
