package io.meetrec.recorder.media.bench;

import io.meetrec.recorder.browser.DevTools;
import io.meetrec.recorder.media.CaptureRequest;
import io.meetrec.recorder.media.CaptureSession;
import io.meetrec.recorder.media.MediaConfiguration;
import io.meetrec.recorder.media.SlotCapture;
import io.meetrec.shared.recording.VideoSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's pipeline as the bench runs it: a recorder JVM of its own (so /proc gives its CPU
 * alone) with {@code n} slots, recording the meeting page in all of them at once.
 *
 * <p>Arguments: recordings, seconds, first display, first DevTools port, work dir, output dir,
 * meeting URL. Talks to {@link MediaBench} in lines starting with {@code @@} on stdout and waits
 * for a line on stdin at the start and the end of the measured window, so the bench reads the
 * counters exactly there.
 */
public final class BenchRecorder {

  static final String FRAMES = "window.meetrec ? window.meetrec.framesRendered : -1";

  private BenchRecorder() {}

  public static void main(String[] args) throws Exception {
    int recordings = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int firstDisplay = Integer.parseInt(args[2]);
    int firstPort = Integer.parseInt(args[3]);
    Path workDir = Path.of(args[4]);
    Path outDir = Path.of(args[5]);
    URI meeting = URI.create(args[6]);
    BufferedReader bench = new BufferedReader(new InputStreamReader(System.in));
    MediaConfiguration defaults = MediaConfiguration.defaults();
    MediaConfiguration configuration =
        new MediaConfiguration(
            recordings,
            firstDisplay,
            firstPort,
            defaults.chromiumPath(),
            defaults.xvfbPath(),
            defaults.pulseaudioPath(),
            workDir,
            defaults.x264Preset(),
            defaults.crf(),
            defaults.audioBitrate(),
            defaults.fragmentSeconds(),
            Duration.ofSeconds(60),
            defaults.aloneAfter(),
            defaults.noMediaAfter());
    HttpClient http = HttpClient.newHttpClient();
    try (SlotCapture capture = new SlotCapture(configuration)) {
      capture.warmUp();
      List<Map<String, Long>> pids = capture.pids();
      for (int i = 0; i < pids.size(); i++) {
        Map<String, Long> slot = pids.get(i);
        say(
            "pids %d xvfb=%d pulseaudio=%d chromium=%d",
            i, slot.get("xvfb"), slot.get("pulseaudio"), slot.get("chromium"));
      }
      List<CaptureSession> sessions = new ArrayList<>();
      List<DevTools> pages = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < recordings; i++) {
        Path file = outDir.resolve("pipeline-" + recordings + "-" + i + ".mp4");
        files.add(file);
        sessions.add(
            capture.start(
                new CaptureRequest(
                    "bench-" + i,
                    meeting,
                    null,
                    VideoSpec.DEFAULT,
                    false,
                    file,
                    Duration.ofSeconds(60))));
        // a second DevTools client on the same page, only to read its frame counter
        pages.add(DevTools.connect(http, firstPort + i));
      }
      long[] framesBefore = frames(pages);
      long windowStart = System.nanoTime();
      say("started");
      bench.readLine();
      Thread.sleep(seconds * 1000L);
      long[] framesAfter = frames(pages);
      double window = (System.nanoTime() - windowStart) / 1e9;
      say("stopping");
      bench.readLine();
      for (int i = 0; i < recordings; i++) {
        sessions.get(i).stop();
        sessions.get(i).close();
        pages.get(i).close();
        say(
            "result %d file=%s rendered=%d window=%.3f",
            i, files.get(i), framesAfter[i] - framesBefore[i], window);
      }
    }
    say("done");
  }

  private static long[] frames(List<DevTools> pages) {
    long[] frames = new long[pages.size()];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = pages.get(i).evaluate(FRAMES) instanceof Number n ? n.longValue() : -1;
    }
    return frames;
  }

  private static void say(String format, Object... args) throws IOException {
    System.out.println("@@ " + String.format(format, args));
    System.out.flush();
  }
}
