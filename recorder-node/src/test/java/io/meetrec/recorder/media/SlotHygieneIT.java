package io.meetrec.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.meetrec.recorder.browser.BrowserSlot;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.Requirements;
import io.meetrec.testing.meeting.DemoMeeting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slot's programs die with the recorder and start clean, and every recording gets a fresh browser
 * context: the real Xvfb, PulseAudio, Chromium and ffmpeg libraries.
 */
class SlotHygieneIT {

  // the range of the WebRTC and slot-hygiene tests: displays 400-449, DevTools ports 19400-19449
  private static final int REPEAT_DISPLAY = 400;
  private static final int REPEAT_PORT = 19400;
  private static final int KILL_DISPLAY = 401;
  private static final int KILL_PORT = 19401;
  private static final int RECORDINGS = 6;

  private static DemoMeeting meeting;

  @BeforeAll
  static void start() {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio");
    Requirements.program("chromium", "apt-get install chromium");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
    meeting = DemoMeeting.start();
  }

  @AfterAll
  static void stop() {
    if (meeting != null) {
      meeting.close();
    }
  }

  static MediaConfiguration configuration(int display, int port, Path workDir) {
    MediaConfiguration defaults = MediaConfiguration.defaults();
    return new MediaConfiguration(
        1,
        display,
        port,
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
  }

  @Test
  void renderersAndPagesStayFlatOverRepeatedRecordingsInOneSlot(@TempDir Path dir)
      throws Exception {
    Path workDir = Path.of("target/slots-hygiene-repeat").toAbsolutePath();
    List<Integer> renderers = new ArrayList<>();
    List<Integer> pages = new ArrayList<>();
    try (SlotCapture capture =
        new SlotCapture(configuration(REPEAT_DISPLAY, REPEAT_PORT, workDir))) {
      capture.warmUp();
      for (int i = 0; i < RECORDINGS; i++) {
        Path file = dir.resolve("r" + i + ".mp4");
        try (CaptureSession session =
            capture.start(
                new CaptureRequest(
                    "rec-hygiene-" + i,
                    meeting.url("participants=2"),
                    null,
                    VideoSpec.DEFAULT,
                    false,
                    file,
                    Duration.ofSeconds(20)))) {
          Thread.sleep(2_000);
          session.stop();
        }
        if (i == 0) {
          Decoded decoded = Decoded.of(Ffmpeg.get(), file);
          assertThat(decoded.lumaDeviations().get(decoded.lumaDeviations().size() / 2))
              .as("the recording's own window covers the screen: the tiles are in the picture")
              .isGreaterThan(5);
        }
        BrowserSlot slot = capture.slot(0);
        renderers.add(settledRenderers(slot.pids().get("chromium")));
        pages.add(slot.openPageTargets());
      }
    }
    System.out.printf("renderers after each recording: %s, page targets: %s%n", renderers, pages);
    assertThat(pages).as("only the warm about:blank page is left").containsOnly(1);
    // Chromium keeps a spare renderer warm, so the count after a recording moves by one or two;
    // a leak (one renderer per recording, as before fresh contexts) grows without bound.
    int firstTwo = Math.max(renderers.get(0), renderers.get(1));
    assertThat(renderers.subList(2, renderers.size()))
        .as("renderer processes after each of %d recordings: %s", RECORDINGS, renderers)
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(firstTwo));
  }

  @Test
  void aSigkilledRecorderLeavesNoSlotProgramsAndTheNextRecorderRecords(@TempDir Path dir)
      throws Exception {
    Path workDir = Path.of("target/slots-hygiene-kill").toAbsolutePath();
    Path file = dir.resolve("killed.mp4");
    Path log = Path.of("target/hygiene-killed-recorder.log").toAbsolutePath();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RecordUntilKilled.class.getName(),
                Integer.toString(KILL_DISPLAY),
                Integer.toString(KILL_PORT),
                workDir.toString(),
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    List<ProcessHandle> programs = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (Mp4Boxes.completeFragments(file) < 1) {
        if (!child.isAlive() || System.nanoTime() > deadline) {
          fail("the child recorder did not record: " + Files.readString(log));
        }
        Thread.sleep(200);
      }
      programs.addAll(child.descendants().toList());
      assertThat(slotPrograms(workDir)).as("the child runs its slot").isNotEmpty();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

      long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while ((programs.stream().anyMatch(ProcessHandle::isAlive) || listens(KILL_PORT))
          && System.nanoTime() < gone) {
        Thread.sleep(100);
      }
      assertThat(programs.stream().filter(ProcessHandle::isAlive).map(SlotHygieneIT::describe))
          .as("no slot program outlives the SIGKILLed recorder")
          .isEmpty();
      assertThat(listens(KILL_PORT)).as("DevTools port released").isFalse();
      assertThat(Files.exists(Path.of("/tmp/.X11-unix/X" + KILL_DISPLAY)) && xvfbAlive())
          .as("display :%d released", KILL_DISPLAY)
          .isFalse();
    } finally {
      programs.forEach(ProcessHandle::destroyForcibly);
    }

    // a restarted recorder on the same slot records at once
    Path next = dir.resolve("next.mp4");
    try (SlotCapture capture = new SlotCapture(configuration(KILL_DISPLAY, KILL_PORT, workDir));
        CaptureSession session =
            capture.start(
                new CaptureRequest(
                    "rec-after-kill",
                    meeting.url("participants=1"),
                    null,
                    VideoSpec.DEFAULT,
                    false,
                    next,
                    Duration.ofSeconds(20)))) {
      Thread.sleep(3_000);
      session.stop();
    }
    assertThat(MediaFiles.probe(Ffmpeg.get(), next).durationSeconds()).isGreaterThan(2.0);
  }

  @Test
  void staleProgramsOfASlotAreEndedBeforeItStarts(@TempDir Path dir) throws Exception {
    int display = 402;
    int port = 19402;
    Path workDir = Path.of("target/slots-hygiene-stale").toAbsolutePath();
    Path slotDir = workDir.resolve("slot-0");
    Files.createDirectories(slotDir);
    // what a recorder killed without the guard would leave: an Xvfb on the display, a program
    // holding a file in the slot directory (as Chromium holds its profile)
    Process xvfb =
        new ProcessBuilder("Xvfb", ":" + display, "-nolisten", "tcp")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("xvfb.log").toFile())
            .start();
    Process holder =
        new ProcessBuilder(
                "sh", "-c", "while :; do sleep 1; done", slotDir.resolve("profile").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("holder.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(Path.of("/tmp/.X11-unix/X" + display)) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      try (SlotCapture capture = new SlotCapture(configuration(display, port, workDir))) {
        capture.warmUp();
        assertThat(capture.available()).isOne();
        assertThat(xvfb.waitFor(5, TimeUnit.SECONDS)).as("stale Xvfb ended").isTrue();
        assertThat(holder.waitFor(5, TimeUnit.SECONDS)).as("stale slot program ended").isTrue();
        assertThat(capture.slot(0).fault()).isNull();
      }
    } finally {
      xvfb.destroyForcibly();
      holder.descendants().forEach(ProcessHandle::destroyForcibly);
      holder.destroyForcibly();
    }
  }

  private static boolean xvfbAlive() {
    try {
      long pid =
          Long.parseLong(Files.readString(Path.of("/tmp/.X" + KILL_DISPLAY + "-lock")).trim());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private static List<String> slotPrograms(Path workDir) throws IOException {
    String marker = workDir.toString() + "/";
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .map(p -> commandLine(Long.parseLong(p.getFileName().toString())))
          .filter(c -> c.contains(marker))
          .toList();
    }
  }

  /** The renderer count once it has held still for a second (a closed context's renderer exits). */
  private static int settledRenderers(long browserPid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int last = renderers(browserPid);
    int steady = 0;
    while (steady < 4 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      int now = renderers(browserPid);
      steady = now == last ? steady + 1 : 0;
      last = now;
    }
    return last;
  }

  private static int renderers(long browserPid) {
    return (int)
        ProcessHandle.of(browserPid)
            .orElseThrow()
            .descendants()
            .map(p -> commandLine(p.pid()))
            .filter(c -> c.contains("--type=renderer"))
            .count();
  }

  private static String commandLine(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static String describe(ProcessHandle p) {
    return p.pid() + " " + commandLine(p.pid());
  }

  private static boolean listens(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
