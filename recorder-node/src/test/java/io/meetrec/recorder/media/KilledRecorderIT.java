package io.meetrec.recorder.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.meetrec.recorder.media.ffmpeg.AvUtil;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.media.ffmpeg.Layout;
import io.meetrec.recorder.media.ffmpeg.Native;
import io.meetrec.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder JVM killed with SIGKILL in the middle of a recording leaves a file that opens and
 * plays up to its last complete fragment.
 */
class KilledRecorderIT {

  // distinct from every other test and bench (MediaCaptureIT 171/9291, RecorderMediaIT 181/9301...)
  private static final int DISPLAY = 161;
  private static final int DEBUG_PORT = 9341;
  private static final Duration CHILD_DEADLINE = Duration.ofSeconds(120);

  @BeforeAll
  static void requirements() {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio");
    Requirements.program("chromium", "apt-get install chromium");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
  }

  @Test
  void aRecorderKilledMidwayLeavesAFileThatPlaysUpToItsLastFragment(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("killed.mp4");
    Path log = Path.of("target/killed-recorder.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RecordUntilKilled.class.getName(),
                Integer.toString(DISPLAY),
                Integer.toString(DEBUG_PORT),
                Path.of("target/slots-killed").toAbsolutePath().toString(),
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    List<ProcessHandle> programs = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + CHILD_DEADLINE.toNanos();
      while (Mp4Boxes.completeFragments(file) < 2) {
        if (!child.isAlive()) {
          fail("the recorder JVM exited (" + child.exitValue() + "): " + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
          fail("no two fragments within " + CHILD_DEADLINE + ": " + Files.readString(log));
        }
        Thread.sleep(200);
      }
      // the slot's programs outlive a killed JVM: note them now, they are ours to clean up
      programs.addAll(child.descendants().toList());
      assertThat(programs.stream().map(KilledRecorderIT::name))
          .as("the child runs its own slot")
          .contains("Xvfb", "pulseaudio", "chromium");
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("ended by SIGKILL").isEqualTo(128 + 9);
    } finally {
      if (child.isAlive()) {
        programs.addAll(child.descendants().toList());
        child.destroyForcibly();
      }
      programs.forEach(ProcessHandle::destroyForcibly);
    }

    int fragments = Mp4Boxes.completeFragments(file);
    assertThat(fragments).isGreaterThanOrEqualTo(2);
    Ffmpeg ff = Ffmpeg.get();
    Packets packets = Packets.read(ff, file);
    System.out.printf(
        "killed recording: %d complete fragments, %d video packets, %.2f s of video, %d bytes%n",
        fragments, packets.videoPackets(), packets.videoSeconds(), Files.size(file));
    assertThat(packets.lastResult())
        .as("reading stops at the end of the file, not at damage")
        .isEqualTo(AvUtil.AVERROR_EOF);
    assertThat(packets.codecs()).containsExactly("h264", "aac");
    // fragments end at key frames: at most 2 s each, shorter if x264 puts in a scene-cut key frame
    assertThat(packets.videoSeconds())
        .as("video up to the last of %d fragments", fragments)
        .isGreaterThanOrEqualTo(1.9);

    Decoded decoded = Decoded.of(ff, file);
    // The kill can land while the last packet of an unfinished fragment is half on disk: the reader
    // still lists it, the decoder rightly refuses it. Every packet before it must decode.
    assertThat(decoded.lumaHashes().size())
        .as("every video packet decodes, but for one the kill may have cut short")
        .isBetween(packets.videoPackets() - 1, packets.videoPackets());
    assertThat(new HashSet<>(decoded.lumaHashes()).size())
        .as("picture changes over time")
        .isGreaterThan(decoded.lumaHashes().size() / 3);
    assertThat(decoded.audioRms()).as("the tone is audible").isGreaterThan(0.05);
  }

  private static String name(ProcessHandle process) {
    return process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
  }

  /** Every packet of a file read through libavformat, as a player would before decoding. */
  private record Packets(
      List<String> codecs, int videoPackets, double videoSeconds, int lastResult) {

    static Packets read(Ffmpeg ff, Path file) {
      try (Native scope = new Native()) {
        Pointer input = MediaFiles.openInput(ff, scope, file);
        int count = input.getInt(Layout.FORMAT_NB_STREAMS);
        List<String> codecs = new ArrayList<>();
        int videoIndex = -1;
        for (int i = 0; i < count; i++) {
          Pointer par = Layout.stream(input, i).getPointer(Layout.STREAM_CODECPAR);
          codecs.add(ff.codec.avcodec_get_name(par.getInt(Layout.PAR_CODEC_ID)));
          if (par.getInt(Layout.PAR_CODEC_TYPE) == AvUtil.AVMEDIA_TYPE_VIDEO) {
            videoIndex = i;
          }
        }
        double timeBase =
            videoIndex < 0
                ? 0
                : Layout.rational(Layout.stream(input, videoIndex), Layout.STREAM_TIME_BASE);
        Pointer packet = ff.codec.av_packet_alloc();
        scope.onClose(() -> ff.codec.av_packet_free(new PointerByReference(packet)));
        int videoPackets = 0;
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int result;
        while ((result = ff.format.av_read_frame(input, packet)) >= 0) {
          if (packet.getInt(Layout.PACKET_STREAM_INDEX) == videoIndex) {
            videoPackets++;
            long pts = packet.getLong(Layout.PACKET_PTS);
            first = Math.min(first, pts);
            end = Math.max(end, pts + packet.getLong(Layout.PACKET_DURATION));
          }
          ff.codec.av_packet_unref(packet);
        }
        double seconds = videoPackets == 0 ? 0 : (end - first) * timeBase;
        return new Packets(List.copyOf(codecs), videoPackets, seconds, result);
      }
    }
  }
}
