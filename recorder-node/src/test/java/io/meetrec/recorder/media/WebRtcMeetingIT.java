package io.meetrec.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.recorder.browser.BrowserConfiguration;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.testing.Requirements;
import io.meetrec.testing.webrtc.WebRtcMeeting;
import io.meetrec.testing.webrtc.WebRtcMeeting.Participant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records real WebRTC meetings: Janus VideoRoom in a network namespace of the test's own, synthetic
 * participants (headless Chromium with generated camera and microphone files) and the recorder's
 * slot Chromium inside that namespace, its DevTools bridged back to 127.0.0.1.
 */
class WebRtcMeetingIT {

  private static final int DISPLAY = 410;
  private static final int DEBUG_PORT = 19410;
  private static final Duration ALONE_AFTER = Duration.ofSeconds(6);
  private static final double[] TONES = {350, 550, 850};
  private static final String TOKEN = "join-token-for-the-test";

  private static WebRtcMeeting meeting;
  private static SlotCapture capture;
  private static Ffmpeg ff;

  @BeforeAll
  static void start() {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio");
    Requirements.program("ffmpeg", "apt-get install ffmpeg");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
    WebRtcMeeting.require();
    ff = Ffmpeg.get();
    meeting = WebRtcMeeting.start(Path.of("target/webrtc-meeting"));
    meeting.onEvent(line -> System.out.println("[meeting] " + line));
    MediaConfiguration defaults = MediaConfiguration.defaults();
    capture =
        new SlotCapture(
            new MediaConfiguration(
                1,
                DISPLAY,
                DEBUG_PORT,
                defaults.chromiumPath(),
                defaults.xvfbPath(),
                defaults.pulseaudioPath(),
                Path.of("target/slots-webrtc").toAbsolutePath(),
                defaults.x264Preset(),
                defaults.crf(),
                defaults.audioBitrate(),
                defaults.fragmentSeconds(),
                Duration.ofSeconds(40),
                ALONE_AFTER,
                defaults.noMediaAfter()),
            new BrowserConfiguration(
                meeting.recorderSwitches(),
                null,
                null,
                meeting.recorderLaunchPrefix(),
                null,
                null));
    capture.warmUp();
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

  private static CaptureSession record(long room, String token, Path file) {
    return capture.start(
        new CaptureRequest(
            "rec-webrtc-" + room,
            meeting.meetingUrl(room),
            token,
            VideoSpec.DEFAULT,
            false,
            file,
            Duration.ofSeconds(40)));
  }

  private static List<Participant> join(long room, int count) {
    List<Participant> people = new ArrayList<>();
    String[] names = {"alice", "bob", "carol"};
    for (int i = 0; i < count; i++) {
      people.add(meeting.join(room, names[i] + room % 1000, TONES[i]));
    }
    for (Participant p : people) {
      meeting.awaitPublishing(p, Duration.ofSeconds(30));
    }
    return people;
  }

  @Test
  void aTwentySecondMeetingOfThreeHasEveryonesPictureAndTone(@TempDir Path dir) throws Exception {
    long room = meeting.createRoom(TOKEN);
    List<Participant> people = join(room, 3);
    Path file = dir.resolve("three.mp4");
    try (CaptureSession session = record(room, TOKEN, file)) {
      Thread.sleep(20_000);
      assertThat(session.pageSignal()).isEmpty();
      session.stop();
    }
    people.forEach(meeting::leave);

    MediaFiles.Probe probe = MediaFiles.probe(ff, file);
    assertThat(probe.durationSeconds()).isGreaterThan(19.0);
    assertThat(probe.streams().get(0).info())
        .isEqualTo(new StreamInfo("video", "h264", 1280, 720, 30.0, 0, 0));
    assertThat(probe.streams().get(1).info())
        .isEqualTo(new StreamInfo("audio", "aac", 0, 0, 0, 48000, 2));

    Decoded decoded = Decoded.of(ff, file);
    double picturesPerSecond = decoded.changedFrames() / probe.durationSeconds();
    float[] audio = pcm(file, 0);
    List<String> levels = new ArrayList<>();
    double reference = levelDb(audio, 1234);
    for (double tone : TONES) {
      double level = levelDb(audio, tone);
      levels.add(String.format("%.0f Hz %.1f dBFS", tone, level));
      assertThat(level)
          .as("tone %s Hz stands out of the mix (off-tone reference %.1f dBFS)", tone, reference)
          .isGreaterThan(reference + 20);
    }
    double[] colours = colourShares(file, 15);
    System.out.printf(
        "three participants: %.1f distinct pictures/s, tones %s, off-tone %.1f dBFS,"
            + " participant colours in the picture %.3f %.3f %.3f%n",
        picturesPerSecond, levels, reference, colours[0], colours[1], colours[2]);
    assertThat(picturesPerSecond).as("the picture changes").isGreaterThan(5);
    for (int i = 0; i < 3; i++) {
      assertThat(colours[i]).as("participant %d is in the picture", i).isGreaterThan(0.02);
    }
  }

  @Test
  void whenEveryoneLeavesTheRecorderIsAloneAfterTheConfiguredTime(@TempDir Path dir)
      throws Exception {
    long room = meeting.createRoom(TOKEN);
    List<Participant> people = join(room, 2);
    Path file = dir.resolve("alone.mp4");
    long leftAt;
    try (CaptureSession session = record(room, TOKEN, file)) {
      Thread.sleep(3_000);
      meeting.leave(people.get(0));
      // from the moment the last one starts leaving: the recorder is alone at most this long
      leftAt = System.nanoTime();
      meeting.leave(people.get(1));
      PageSignal signal = awaitSignal(session, Duration.ofSeconds(30));
      double waited = (System.nanoTime() - leftAt) / 1e9;
      System.out.printf("alone signal %.1f s after the last participant left%n", waited);
      assertThat(signal).isEqualTo(PageSignal.ALONE);
      assertThat(waited).isBetween(ALONE_AFTER.toSeconds() - 0.5, ALONE_AFTER.toSeconds() + 8.0);
      session.stop();
    }
    assertThat(MediaFiles.probe(ff, file).durationSeconds())
        .as("the file is kept")
        .isGreaterThan(ALONE_AFTER.toSeconds() + 2);
  }

  @Test
  void aDestroyedRoomEndsTheMeeting(@TempDir Path dir) throws Exception {
    long room = meeting.createRoom(TOKEN);
    List<Participant> people = join(room, 1);
    Path file = dir.resolve("destroyed.mp4");
    try (CaptureSession session = record(room, TOKEN, file)) {
      Thread.sleep(3_000);
      meeting.destroyRoom(room);
      assertThat(awaitSignal(session, Duration.ofSeconds(10))).isEqualTo(PageSignal.MEETING_ENDED);
      session.stop();
    }
    people.forEach(p -> p.process().close());
    assertThat(MediaFiles.probe(ff, file).durationSeconds()).isGreaterThan(2.5);
  }

  @Test
  void aStalledAndADroppedParticipantDoNotStopTheRecording(@TempDir Path dir) throws Exception {
    long room = meeting.createRoom(TOKEN);
    List<Participant> people = join(room, 3);
    Path file = dir.resolve("stalled.mp4");
    try (CaptureSession session = record(room, TOKEN, file)) {
      Thread.sleep(4_000);
      meeting.stall(people.get(0));
      Thread.sleep(4_000);
      meeting.drop(people.get(1));
      Thread.sleep(8_000);
      assertThat(session.pageSignal()).as("no stop signal").isEmpty();
      assertThat(session.progress().recordedSeconds()).isGreaterThan(14);
      session.stop();
    }
    meeting.drop(people.get(0));
    meeting.leave(people.get(2));
    double duration = MediaFiles.probe(ff, file).durationSeconds();
    assertThat(duration).isGreaterThan(15);
    float[] lastSeconds = pcm(file, duration - 5);
    double reference = levelDb(lastSeconds, 1234);
    double carol = levelDb(lastSeconds, TONES[2]);
    System.out.printf(
        "after the stall and the drop: the remaining participant's tone %.1f dBFS (off-tone %.1f)%n",
        carol, reference);
    assertThat(carol).as("the remaining participant is still heard").isGreaterThan(reference + 20);
  }

  @Test
  void aRefusedJoinTokenFailsTheStartWithItsCode(@TempDir Path dir) {
    long room = meeting.createRoom(TOKEN);
    assertThatThrownBy(() -> record(room, "not-the-token", dir.resolve("refused.mp4")))
        .isInstanceOfSatisfying(
            RecordingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.JOIN_REFUSED);
              assertThat(e.getMessage())
                  .contains("join_token_refused")
                  .doesNotContain("not-the-token");
            });
    assertThat(capture.available()).isOne();
  }

  private static PageSignal awaitSignal(CaptureSession session, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<PageSignal> signal = session.pageSignal();
      if (signal.isPresent()) {
        return signal.get();
      }
      Thread.sleep(100);
    }
    return null;
  }

  /** The file's audio from {@code fromSeconds}, mono 48 kHz, decoded by the ffmpeg program. */
  private static float[] pcm(Path file, double fromSeconds) throws Exception {
    Path raw = Files.createTempFile("meetrec-audio", ".raw");
    try {
      Process p =
          new ProcessBuilder(
                  "ffmpeg",
                  "-v",
                  "error",
                  "-y",
                  "-ss",
                  String.valueOf(fromSeconds),
                  "-i",
                  file.toString(),
                  "-vn",
                  "-ac",
                  "1",
                  "-ar",
                  "48000",
                  "-f",
                  "s16le",
                  raw.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
      float[] samples = new float[bytes.remaining() / 2];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = bytes.getShort() / 32768f;
      }
      return samples;
    } finally {
      Files.deleteIfExists(raw);
    }
  }

  /** Level of one frequency (Goertzel over the whole signal), in dBFS of a full-scale sine. */
  static double levelDb(float[] samples, double hz) {
    double w = 2 * Math.PI * hz / 48000;
    double coeff = 2 * Math.cos(w);
    double s1 = 0;
    double s2 = 0;
    for (float x : samples) {
      double s0 = x + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    double amplitude = 2 * Math.sqrt(Math.max(power, 1e-30)) / samples.length;
    return 20 * Math.log10(amplitude);
  }

  /**
   * Share of the picture at {@code atSeconds} in each participant's background colour (their U/V
   * pair of {@code SyntheticMedia}), from a frame decoded by the ffmpeg program.
   */
  private static double[] colourShares(Path file, double atSeconds) throws Exception {
    Path raw = Files.createTempFile("meetrec-frame", ".yuv");
    try {
      Process p =
          new ProcessBuilder(
                  "ffmpeg",
                  "-v",
                  "error",
                  "-y",
                  "-ss",
                  String.valueOf(atSeconds),
                  "-i",
                  file.toString(),
                  "-frames:v",
                  "1",
                  "-pix_fmt",
                  "yuv444p",
                  "-f",
                  "rawvideo",
                  raw.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      byte[] frame = Files.readAllBytes(raw);
      int plane = 1280 * 720;
      int[][] uv = {{240, 110}, {90, 240}, {54, 34}};
      double[] shares = new double[3];
      for (int i = 0; i < plane; i++) {
        int u = frame[plane + i] & 0xff;
        int v = frame[2 * plane + i] & 0xff;
        for (int k = 0; k < 3; k++) {
          if (Math.abs(u - uv[k][0]) < 20 && Math.abs(v - uv[k][1]) < 20) {
            shares[k]++;
          }
        }
      }
      for (int k = 0; k < 3; k++) {
        shares[k] /= plane;
      }
      return shares;
    } finally {
      Files.deleteIfExists(raw);
    }
  }
}
