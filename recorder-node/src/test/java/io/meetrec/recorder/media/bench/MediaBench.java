package io.meetrec.recorder.media.bench;

import io.meetrec.recorder.browser.BrowserSlot;
import io.meetrec.recorder.browser.DevTools;
import io.meetrec.recorder.media.Decoded;
import io.meetrec.recorder.media.MediaConfiguration;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.meeting.DemoMeeting;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The media bench (run by {@code bin/bench-media [seconds]}): records the demo meeting page for the
 * same time with (a) the project's pipeline in a recorder JVM of its own and (b) the ffmpeg program
 * at the same encoder settings against the same kind of slot, and prints for each the CPU seconds
 * per recorded second of the recorder, Chromium, Xvfb and PulseAudio, peak RSS, frames the page
 * rendered vs frames in the file, the output bit rate, and the ratio (a)/(b). Then two pipeline
 * recordings at once (two slots) and each one's frame rate.
 */
public final class MediaBench {

  private static final MediaConfiguration SETTINGS = MediaConfiguration.defaults();
  private static final VideoSpec VIDEO = VideoSpec.DEFAULT;
  private static final List<String> GROUPS = List.of("recorder", "chromium", "xvfb", "pulseaudio");

  /** One recorded file and what the page did meanwhile. */
  record FileStats(
      Path file,
      long rendered,
      double window,
      long frames,
      int changed,
      double seconds,
      long bytes) {

    double renderedFps() {
      return rendered / window;
    }

    double fileFps() {
      return frames / seconds;
    }

    double changedFps() {
      return changed / seconds;
    }

    double kbitPerSecond() {
      return bytes * 8 / seconds / 1000;
    }
  }

  /** One bench run: what each process group used and the files it wrote. */
  record Run(String name, Map<String, Meter.Usage> usage, List<FileStats> files) {

    double recordedSeconds() {
      return files.stream().mapToDouble(FileStats::seconds).sum();
    }

    /** CPU seconds of {@code group} per recorded second (summed over simultaneous recordings). */
    double cpuPerSecond(String group) {
      return usage.get(group).cpuSeconds() / recordedSeconds();
    }

    double peakRssMb(String group) {
      return usage.get(group).peakRssKb() / 1024.0;
    }
  }

  private final int seconds;
  private final Path out;
  private final PrintWriter log;
  private final URI meeting;

  private MediaBench(int seconds, Path out, PrintWriter log, URI meeting) {
    this.seconds = seconds;
    this.out = out;
    this.log = log;
    this.meeting = meeting;
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Path out = Path.of(args.length > 1 ? args[1] : "recorder-node/target/bench").toAbsolutePath();
    String page = args.length > 2 ? args[2] : "participants=3";
    Files.createDirectories(out);
    Path logFile = out.resolve("bench.log");
    System.out.printf(
        "media bench: %d s per recording, %dx%d@%d, x264 preset %s crf %d, AAC %d b/s, GOP %d%n",
        seconds,
        VIDEO.width(),
        VIDEO.height(),
        VIDEO.fps(),
        SETTINGS.x264Preset(),
        SETTINGS.crf(),
        SETTINGS.audioBitrate(),
        VIDEO.fps() * SETTINGS.fragmentSeconds());
    System.out.printf(
        "page: demo meeting ?%s; machine: %s; %s; load average before: %s; logs: %s%n",
        page, Proc.machine(), Instant.now(), Proc.loadAverage(), logFile);
    try (PrintWriter log =
            new PrintWriter(
                Files.newBufferedWriter(
                    logFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
                true);
        DemoMeeting demo = DemoMeeting.start()) {
      MediaBench bench = new MediaBench(seconds, out, log, demo.url(page));
      Run pipeline = bench.pipeline(1, 121, 9251);
      System.out.printf("load average after (a): %s%n", Proc.loadAverage());
      Run baseline = bench.baseline(131, 9261);
      System.out.printf("load average after (b): %s%n", Proc.loadAverage());
      printComparison(pipeline, baseline);
      Run two = bench.pipeline(2, 141, 9271);
      System.out.printf("load average after two at once: %s%n", Proc.loadAverage());
      printTwoAtOnce(two);
    }
  }

  /** (a): {@code recordings} simultaneous recordings by a recorder JVM started for the purpose. */
  private Run pipeline(int recordings, int firstDisplay, int firstPort) throws Exception {
    String name = recordings == 1 ? "pipeline" : "pipeline x" + recordings;
    System.out.printf("%n== %s: recording %d s ...%n", name, seconds);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                BenchRecorder.class.getName(),
                Integer.toString(recordings),
                Integer.toString(seconds),
                Integer.toString(firstDisplay),
                Integer.toString(firstPort),
                out.resolve("slots-" + firstDisplay).toString(),
                out.toString(),
                meeting.toString())
            .redirectError(ProcessBuilder.Redirect.appendTo(out.resolve("bench.log").toFile()))
            .start();
    Map<String, List<Long>> roots = new LinkedHashMap<>();
    GROUPS.forEach(group -> roots.put(group, new ArrayList<>()));
    roots.get("recorder").add(child.pid());
    Meter meter = null;
    Map<String, Meter.Usage> usage = null;
    List<FileStats> files = new ArrayList<>();
    List<String> results = new ArrayList<>();
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        OutputStream go = child.getOutputStream()) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.startsWith("@@ ")) {
          log.println(line);
          continue;
        }
        String[] words = line.substring(3).split(" ");
        switch (words[0]) {
          case "pids" -> {
            for (int i = 2; i < words.length; i++) {
              String[] pair = words[i].split("=");
              roots.get(pair[0]).add(Long.parseLong(pair[1]));
            }
          }
          case "started" -> {
            meter = Meter.start(roots);
            go.write('\n');
            go.flush();
          }
          case "stopping" -> {
            usage = meter.stop();
            go.write('\n');
            go.flush();
          }
          case "result" -> results.add(line);
          default -> log.println(line);
        }
      }
      if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0 || usage == null) {
        throw new IllegalStateException("the recorder JVM failed, see " + out.resolve("bench.log"));
      }
    } finally {
      if (meter != null) {
        meter.close();
      }
      if (child.isAlive()) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
      }
    }
    for (String result : results) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String word : result.substring(3).split(" ")) {
        int eq = word.indexOf('=');
        if (eq > 0) {
          fields.put(word.substring(0, eq), word.substring(eq + 1));
        }
      }
      files.add(
          analyse(
              Path.of(fields.get("file")),
              Long.parseLong(fields.get("rendered")),
              Double.parseDouble(fields.get("window"))));
    }
    return new Run(name, usage, files);
  }

  /** (b): the ffmpeg program doing the same capture and encoding against a slot of its own. */
  private Run baseline(int display, int port) throws Exception {
    System.out.printf("%n== ffmpeg program: recording %d s ...%n", seconds);
    BrowserSlot slot =
        BrowserSlot.start(
            new BrowserSlot.Settings(
                0,
                display,
                port,
                VIDEO.width(),
                VIDEO.height(),
                out.resolve("slots-" + display),
                SETTINGS.xvfbPath(),
                SETTINGS.pulseaudioPath(),
                SETTINGS.chromiumPath()));
    try {
      DevTools page = slot.devTools();
      page.call("Page.navigate", Map.of("url", meeting.toString()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Boolean.TRUE.equals(page.evaluate("!!(window.meetrec && window.meetrec.ready)"))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the meeting page did not get ready");
        }
        Thread.sleep(200);
      }
      Path file = out.resolve("ffmpeg.mp4");
      Files.deleteIfExists(file);
      ProcessBuilder command =
          new ProcessBuilder(
              "ffmpeg",
              "-hide_banner",
              "-nostats",
              "-loglevel",
              "warning",
              "-y",
              "-f",
              "x11grab",
              "-video_size",
              VIDEO.width() + "x" + VIDEO.height(),
              "-framerate",
              Integer.toString(VIDEO.fps()),
              "-draw_mouse",
              "0",
              "-i",
              slot.display() + ".0+0,0",
              "-f",
              "pulse",
              "-sample_rate",
              "48000",
              "-channels",
              "2",
              "-i",
              slot.pulseSource(),
              "-c:v",
              "libx264",
              "-preset",
              SETTINGS.x264Preset(),
              "-crf",
              Integer.toString(SETTINGS.crf()),
              "-g",
              Integer.toString(VIDEO.fps() * SETTINGS.fragmentSeconds()),
              "-pix_fmt",
              "yuv420p",
              "-c:a",
              "aac",
              "-b:a",
              Integer.toString(SETTINGS.audioBitrate()),
              "-movflags",
              "frag_keyframe+empty_moov+default_base_moof",
              file.toString());
      command.environment().put("PULSE_SERVER", slot.pulseServer());
      command.redirectErrorStream(true);
      command.redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("bench.log").toFile()));
      Process ffmpeg = command.start();
      try {
        while (!Files.exists(file) || Files.size(file) == 0) {
          if (!ffmpeg.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException("ffmpeg did not start, see bench.log");
          }
          Thread.sleep(50);
        }
        Map<String, List<Long>> roots = new LinkedHashMap<>();
        roots.put("recorder", List.of(ffmpeg.pid()));
        Map<String, Long> pids = slot.pids();
        for (String group : GROUPS.subList(1, GROUPS.size())) {
          roots.put(group, List.of(pids.get(group)));
        }
        long framesBefore = frames(page);
        long windowStart = System.nanoTime();
        Map<String, Meter.Usage> usage;
        try (Meter meter = Meter.start(roots)) {
          Thread.sleep(seconds * 1000L);
          usage = meter.stop();
        }
        long rendered = frames(page) - framesBefore;
        double window = (System.nanoTime() - windowStart) / 1e9;
        ffmpeg.getOutputStream().write('q');
        ffmpeg.getOutputStream().flush();
        if (!ffmpeg.waitFor(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("ffmpeg did not stop on q");
        }
        return new Run("ffmpeg", usage, List.of(analyse(file, rendered, window)));
      } finally {
        if (ffmpeg.isAlive()) {
          ffmpeg.destroyForcibly();
        }
      }
    } finally {
      slot.close();
    }
  }

  private static long frames(DevTools page) {
    return page.evaluate(BenchRecorder.FRAMES) instanceof Number n ? n.longValue() : -1;
  }

  private static FileStats analyse(Path file, long rendered, double window) throws IOException {
    Ffmpeg ff = Ffmpeg.get();
    Decoded decoded = Decoded.of(ff, file);
    double seconds = MediaFiles.probe(ff, file).durationSeconds();
    if (seconds <= 0) {
      seconds = decoded.lumaHashes().size() / (double) VIDEO.fps();
    }
    return new FileStats(
        file,
        rendered,
        window,
        decoded.lumaHashes().size(),
        decoded.changedFrames(),
        seconds,
        Files.size(file));
  }

  private static void printComparison(Run a, Run b) {
    System.out.printf(
        "%n%-44s %14s %14s %8s%n", "per recorded second", "(a) pipeline", "(b) ffmpeg", "a/b");
    for (String group : GROUPS) {
      row("CPU-s/s " + label(group), a.cpuPerSecond(group), b.cpuPerSecond(group), "%.3f");
    }
    double totalA = GROUPS.stream().mapToDouble(a::cpuPerSecond).sum();
    double totalB = GROUPS.stream().mapToDouble(b::cpuPerSecond).sum();
    row("CPU-s/s all four", totalA, totalB, "%.3f");
    for (String group : GROUPS) {
      row("peak RSS MiB " + label(group), a.peakRssMb(group), b.peakRssMb(group), "%.0f");
    }
    FileStats fa = a.files().getFirst();
    FileStats fb = b.files().getFirst();
    row("page rendered frames (in the window)", fa.rendered(), fb.rendered(), "%.0f");
    row("page rendered fps", fa.renderedFps(), fb.renderedFps(), "%.2f");
    row("frames in file", fa.frames(), fb.frames(), "%.0f");
    row("file fps (frames / duration)", fa.fileFps(), fb.fileFps(), "%.2f");
    row("distinct pictures per second in file", fa.changedFps(), fb.changedFps(), "%.2f");
    row("file duration s", fa.seconds(), fb.seconds(), "%.2f");
    row("output bit rate kb/s", fa.kbitPerSecond(), fb.kbitPerSecond(), "%.0f");
  }

  private static String label(String group) {
    return group.equals("recorder") ? "recorder (JVM | ffmpeg)" : group;
  }

  private static void row(String name, double a, double b, String format) {
    System.out.printf(
        "%-44s %14s %14s %8s%n",
        name,
        String.format(format, a),
        String.format(format, b),
        b == 0 ? "-" : String.format("%.2f", a / b));
  }

  private static void printTwoAtOnce(Run two) {
    System.out.printf(
        "%nTwo pipeline recordings at once (one recorder JVM, two slots), %d s:%n",
        (int) Math.round(two.files().getFirst().window()));
    for (int i = 0; i < two.files().size(); i++) {
      FileStats f = two.files().get(i);
      System.out.printf(
          "  recording %d: page rendered %d frames in %.2f s = %.2f fps; file %d frames in %.2f s"
              + " = %.2f fps, %.2f distinct pictures/s; %.0f kb/s%n",
          i,
          f.rendered(),
          f.window(),
          f.renderedFps(),
          f.frames(),
          f.seconds(),
          f.fileFps(),
          f.changedFps(),
          f.kbitPerSecond());
    }
    System.out.printf(
        "  CPU-s per recorded second (summed over both recordings): recorder %.3f, chromium %.3f,"
            + " xvfb %.3f, pulseaudio %.3f; whole machine for both: %.2f cores%n",
        two.cpuPerSecond("recorder"),
        two.cpuPerSecond("chromium"),
        two.cpuPerSecond("xvfb"),
        two.cpuPerSecond("pulseaudio"),
        GROUPS.stream().mapToDouble(g -> two.usage().get(g).cpuSeconds()).sum()
            / two.files().getFirst().window());
    System.out.printf("  recorder peak RSS %.0f MiB%n", two.peakRssMb("recorder"));
  }
}
