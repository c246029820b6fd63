package io.meetrec.recorder.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.testing.Requirements;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts shipped from a fragmented MP4 while it grows (written here chunk by chunk, as the muxer
 * does) concatenate to the file's complete prefix, say how much media they hold, survive a failed
 * round, and compose into one playable object.
 */
class LivePartsTest {

  private static final String PREFIX = "2026/03/04/rec_parts/";
  private static Path fixture;
  private static double fixtureSeconds;

  @TempDir Path dir;

  /** 12 s of 30 fps video and 48 kHz audio in 2 s fragments, muxed as the recorder muxes. */
  @BeforeAll
  static void fragmentedMp4(@TempDir Path tmp) throws Exception {
    Path ffmpeg = Requirements.program("ffmpeg", "apt-get install ffmpeg");
    fixture = tmp.resolve("fixture.mp4");
    Process p =
        new ProcessBuilder(
                ffmpeg.toString(),
                "-nostdin",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x240:rate=30",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                "12",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "60",
                "-c:a",
                "aac",
                "-movflags",
                "frag_keyframe+empty_moov+default_base_moof",
                fixture.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor()).isZero();
    fixtureSeconds = MediaFiles.probe(Ffmpeg.get(), fixture).durationSeconds();
  }

  private LiveParts parts(UploadTarget target, Path growing) {
    return new LiveParts(
        target, "rec_parts", PREFIX + "parts/", growing, Duration.ofHours(1), "video/mp4");
  }

  @Test
  void partsShippedWhileTheFileGrowsConcatenateToItsCompletePrefix() throws Exception {
    LocalDirectoryUploadTarget target = new LocalDirectoryUploadTarget(dir.resolve("bucket"));
    Path growing = dir.resolve("recording.mp4");
    LiveParts live = parts(target, growing);
    byte[] whole = Files.readAllBytes(fixture);

    for (int at = 0; at < whole.length; at += 37_000) {
      append(growing, Arrays.copyOfRange(whole, at, Math.min(whole.length, at + 37_000)));
      assertThat(live.shipOnce()).isTrue();
      byte[] shipped = concatenation(target);
      assertThat(Arrays.equals(shipped, 0, shipped.length, whole, 0, shipped.length))
          .as("what is shipped is exactly the file's first %d bytes", shipped.length)
          .isTrue();
    }

    assertThat(live.parts()).as("a part per round that gained a fragment").isGreaterThan(3);
    byte[] shipped = concatenation(target);
    Path joined = Files.write(dir.resolve("joined.mp4"), shipped);
    double joinedSeconds = MediaFiles.probe(Ffmpeg.get(), joined).durationSeconds();
    assertThat(joinedSeconds)
        .as("every fragment of the finished file")
        .isCloseTo(fixtureSeconds, offset(0.1));
    assertThat(live.keptSeconds())
        .as("the media time read from the fragments' own boxes")
        .isCloseTo(joinedSeconds, offset(0.1));
  }

  @Test
  void aRoundThatFailsIsShippedWithTheNextOneAndNothingIsDuplicated() throws Exception {
    LocalDirectoryUploadTarget bucket = new LocalDirectoryUploadTarget(dir.resolve("bucket"));
    FlakyUploadTarget target = new FlakyUploadTarget(bucket, 0);
    Path growing = dir.resolve("recording.mp4");
    LiveParts live = parts(target, growing);
    byte[] whole = Files.readAllBytes(fixture);
    int half = whole.length / 2;

    append(growing, Arrays.copyOfRange(whole, 0, half));
    target.failFor(Duration.ofMinutes(1));
    assertThat(live.shipOnce()).as("the bucket is down").isFalse();
    target.failFor(Duration.ZERO);
    append(growing, Arrays.copyOfRange(whole, half, whole.length));
    assertThat(live.shipOnce()).isTrue();
    assertThat(live.shipOnce()).as("nothing new: no empty part").isTrue();

    assertThat(live.parts()).as("the failed round's fragments went with the next").isEqualTo(1);
    assertEverythingButTheTrailingIndex(concatenation(bucket), whole);
  }

  @Test
  void aLostRecordersPartsComposeIntoItsPlayableMediaObjectAndAreRemoved() throws Exception {
    LocalDirectoryUploadTarget target = new LocalDirectoryUploadTarget(dir.resolve("bucket"));
    RecordingJob job = job();
    String prefix = StorageLayout.prefix(job.recordingId(), job.requestedAt());
    Path growing = dir.resolve("recording.mp4");
    LiveParts live =
        new LiveParts(
            target,
            job.recordingId(),
            prefix + StorageLayout.partsFolder(1),
            growing,
            Duration.ofHours(1),
            "video/mp4");
    byte[] whole = Files.readAllBytes(fixture);
    int cut = whole.length * 2 / 3; // the pod died here: the rest never reached the disk
    for (int at = 0; at < cut; at += 50_000) {
      append(growing, Arrays.copyOfRange(whole, at, Math.min(cut, at + 50_000)));
      live.shipOnce();
    }

    LiveUploads uploads =
        new LiveUploads(
            target,
            new UploadConfiguration(
                "local",
                null,
                dir.toString(),
                Duration.ofMinutes(1),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofSeconds(10)));
    LiveUploads.KeptMedia kept = uploads.compose(job, 1).orElseThrow();

    Path media = target.root().resolve(prefix).resolve("recording.mp4");
    assertThat(kept.output().uri()).isEqualTo(media.toUri().toString());
    assertThat(kept.parts()).isEqualTo(live.parts());
    assertThat(Files.size(media)).isEqualTo(kept.output().sizeBytes());
    assertThat(target.list(prefix + "parts/")).as("parts removed once composed").isEmpty();
    MediaFiles.Probe probe = MediaFiles.probe(Ffmpeg.get(), media);
    assertThat(probe.streams()).extracting(st -> st.info().codec()).contains("h264", "aac");
    assertThat(kept.output().durationSeconds()).isCloseTo(probe.durationSeconds(), offset(0.1));
    assertThat(kept.output().durationSeconds()).isBetween(4.0, fixtureSeconds - 2);
    assertThat(uploads.compose(job, 1)).as("nothing left to compose").isEmpty();
  }

  @Test
  void partsOutOfSequenceAreNotComposedPastTheFirstGap() {
    List<LiveParts.Part> run =
        LiveParts.run(
            List.of(
                PREFIX + "parts/000002-20000.m4s",
                PREFIX + "parts/000001-10000.m4s",
                PREFIX + "parts/000004-40000.m4s",
                PREFIX + "parts/.000003-30000.m4s.tmp"));
    assertThat(run).extracting(LiveParts.Part::seq).containsExactly(1, 2);
    assertThat(run.getLast().mediaSeconds()).isEqualTo(20.0);
  }

  private static RecordingJob job() {
    return new RecordingJob(
        RecordingJob.SCHEMA_VERSION,
        "rec_parts",
        "http://127.0.0.1/meeting",
        "conf-parts",
        60,
        null,
        false,
        null,
        Map.of(),
        Instant.parse("2026-03-04T10:00:00Z"),
        Instant.parse("2026-03-04T10:10:00Z"));
  }

  /** All fragments of the finished file; only its {@code mfra} index, written last, is not. */
  private static void assertEverythingButTheTrailingIndex(byte[] shipped, byte[] whole) {
    assertThat(Arrays.equals(shipped, 0, shipped.length, whole, 0, shipped.length))
        .as("shipped bytes are the file's prefix")
        .isTrue();
    String tail =
        new String(whole, shipped.length + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(tail).as("what is left is the random-access index").isEqualTo("mfra");
  }

  private static void append(Path file, byte[] chunk) throws IOException {
    Files.write(file, chunk, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static byte[] concatenation(LocalDirectoryUploadTarget target) throws IOException {
    List<LiveParts.Part> run = LiveParts.run(target.list(PREFIX + "parts/"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path root = target.root();
    for (LiveParts.Part p : run) {
      out.write(Files.readAllBytes(root.resolve(p.key())));
    }
    return out.toByteArray();
  }
}
