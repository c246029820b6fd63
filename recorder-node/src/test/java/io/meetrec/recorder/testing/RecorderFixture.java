package io.meetrec.recorder.testing;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.events.EventSignatures;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.recording.VideoSpec;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.PubSubEmulator;
import io.meetrec.testing.RedisService;
import io.meetrec.testing.Requirements;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * One recorder test's world: its own request/event topics and subscriptions on the emulator (fresh
 * names, so test classes never see each other's messages), secret files, work and upload
 * directories, and the properties that point a recorder at all of it.
 */
public final class RecorderFixture {

  /** 320x180 at 10 fps: real video at a fraction of the encoding cost. */
  public static final VideoSpec SMALL = new VideoSpec(320, 180, 10);

  public final PubSubEmulator pubsub = LocalServices.pubsub();
  public final RedisService redis = LocalServices.redis();
  public final String suffix = UUID.randomUUID().toString().substring(0, 8);
  public final String requestsTopic = "recording-requests-" + suffix;
  public final String requestsSub = "recording-requests-recorder-" + suffix;
  public final String eventsTopic = "recording-events-" + suffix;
  public final String eventsSub = "recording-events-test-" + suffix;
  public final Path root;
  public final Path secretFile;
  public final Path joinSecretFile;
  public final Path workDir;
  public final Path uploadDir;
  private final List<ReceivedMessage> seenEvents = new ArrayList<>();

  public RecorderFixture() {
    try {
      root = Files.createTempDirectory("meetrec-recorder-it-");
      secretFile = root.resolve("secrets/recorder-secret");
      joinSecretFile = root.resolve("secrets/join-token-secret");
      Files.createDirectories(secretFile.getParent());
      writeSecret(secretFile, newSecret());
      writeSecret(joinSecretFile, newSecret());
      workDir = Files.createDirectories(root.resolve("work"));
      uploadDir = Files.createDirectories(root.resolve("uploads"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pubsub.createTopic(requestsTopic);
    pubsub.createTopic(eventsTopic);
    pubsub.createPullSubscription(requestsTopic, requestsSub, 30);
    pubsub.createPullSubscription(eventsTopic, eventsSub, 30);
  }

  /** Properties for a recorder in this world; {@code owner} names it in claims and leases. */
  public Map<String, String> properties(String owner) {
    Map<String, String> p = new HashMap<>(pubsub.micronautProperties());
    p.put("redis.uri", redis.uri());
    // A random port: a fixed one collides with whatever else holds it on the machine.
    p.put("micronaut.server.port", "-1");
    p.put("meetrec.recorder.name", owner);
    p.put("meetrec.recorder.work-dir", workDir.toString());
    p.put("meetrec.recorder.job.subscription", requestsSub);
    p.put("meetrec.recorder.job.poll-every", "200ms");
    p.put("meetrec.recorder.events.topic", eventsTopic);
    p.put("meetrec.recorder.events.secret-file", secretFile.toString());
    p.put("meetrec.recorder.upload.target", "local");
    p.put("meetrec.recorder.upload.directory", uploadDir.toString());
    p.put("meetrec.recorder.upload.initial-backoff", "200ms");
    // The demo meeting page is served over http on 127.0.0.1.
    p.put("meetrec.recorder.meeting.allow-http", "true");
    p.put("meetrec.recorder.meeting.allow-private-addresses", "true");
    p.put("meetrec.recorder.join-token.mode", "local");
    p.put("meetrec.recorder.join-token.local-secret-file", joinSecretFile.toString());
    p.put("meetrec.recorder.lease.ttl", "5s");
    p.put("meetrec.recorder.lease.renew-every", "1s");
    p.put("meetrec.recorder.lease.reap-every", "1s");
    p.put("meetrec.recorder.session.tick", "200ms");
    p.put("meetrec.recorder.session.progress-every", "1s");
    p.put("meetrec.recorder.session.stop-poll-every", "1s");
    p.put("meetrec.recorder.session.start-timeout", "30s");
    return p;
  }

  /**
   * Properties that give a recorder the real media pipeline (Xvfb, PulseAudio, Chromium, libav*)
   * with {@code slots} slots on displays {@code firstDisplay..} and DevTools ports {@code
   * firstDebugPort..}; both must be unique per test class, since classes and benches may overlap.
   * Checks the programs first: under CI=true a missing one fails the test with what to install.
   */
  public Map<String, String> realMediaProperties(int slots, int firstDisplay, int firstDebugPort) {
    Requirements.program("Xvfb", "apt-get install xvfb");
    Requirements.program("pulseaudio", "apt-get install pulseaudio pulseaudio-utils");
    Requirements.program("chromium", "apt-get install chromium");
    Requirements.file(
        Path.of("/usr/lib/x86_64-linux-gnu/libavdevice.so.59"), "apt-get install libavdevice59");
    Map<String, String> p = new HashMap<>();
    p.put("meetrec.recorder.media.slots", Integer.toString(slots));
    p.put("meetrec.recorder.media.first-display", Integer.toString(firstDisplay));
    p.put("meetrec.recorder.media.first-debug-port", Integer.toString(firstDebugPort));
    p.put("meetrec.recorder.media.work-dir", root.resolve("slots").toString());
    p.put("meetrec.recorder.media.x264-preset", "ultrafast");
    return p;
  }

  /**
   * Properties for a recorder the test will SIGKILL ({@link ChildRecorder}): the real media
   * pipeline in one slot on {@code display} / {@code debugPort}, no reaper of its own, and its own
   * work directory ({@link #doomedWorkDir()}), the pod's emptyDir that dies with it.
   */
  public Map<String, String> doomedRecorderProperties(int display, int debugPort) {
    Map<String, String> p = new HashMap<>(properties("doomed-recorder"));
    p.putAll(realMediaProperties(1, display, debugPort));
    p.put("meetrec.recorder.work-dir", doomedWorkDir().toString());
    p.put("meetrec.recorder.media.work-dir", root.resolve("doomed-slots").toString());
    p.put("meetrec.recorder.lease.reaper-enabled", "false");
    return p;
  }

  /** The work directory of {@link #doomedRecorderProperties}. */
  public Path doomedWorkDir() {
    return root.resolve("doomed-work");
  }

  /** A job with a small picture, cheap to encode on a loaded machine. */
  public RecordingJob smallJob(String meetingUrl, int maxSeconds) {
    return job(meetingUrl, maxSeconds, Instant.now().plus(Duration.ofMinutes(10)), SMALL, false);
  }

  /** A job recording sound only, for tests where the picture does not matter. */
  public RecordingJob audioJob(String meetingUrl, int maxSeconds) {
    return job(meetingUrl, maxSeconds, Instant.now().plus(Duration.ofMinutes(10)), null, true);
  }

  /** Where a completed job's media lands in the local upload directory. */
  public Path uploadedMedia(RecordingJob job) {
    return uploadDir
        .resolve(StorageLayout.prefix(job.recordingId(), job.requestedAt()))
        .resolve(StorageLayout.mediaFileName(job.audioOnly()));
  }

  public RecordingJob job(String meetingUrl, int maxSeconds) {
    return job(meetingUrl, maxSeconds, Instant.now().plus(Duration.ofMinutes(10)));
  }

  public RecordingJob job(String meetingUrl, int maxSeconds, Instant expiresAt) {
    return job(meetingUrl, maxSeconds, expiresAt, new VideoSpec(640, 360, 15), false);
  }

  public RecordingJob job(
      String meetingUrl, int maxSeconds, Instant expiresAt, VideoSpec video, boolean audioOnly) {
    String id = "rec_" + UUID.randomUUID().toString().replace("-", "");
    return new RecordingJob(
        RecordingJob.SCHEMA_VERSION,
        id,
        meetingUrl,
        "conf-" + suffix,
        maxSeconds,
        video,
        audioOnly,
        "https://hooks.example.com/meetrec",
        Map.of("team", "recorder-it"),
        Instant.now(),
        expiresAt);
  }

  public void publish(JsonMapper json, RecordingJob job) {
    try {
      pubsub.publish(
          requestsTopic,
          json.writeValueAsBytes(job),
          Map.of(
              RecordingJob.ATTR_RECORDING_ID,
              job.recordingId(),
              RecordingJob.ATTR_SCHEMA_VERSION,
              "1"),
          null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void publishRaw(byte[] data) {
    pubsub.publish(requestsTopic, data, Map.of(), null);
  }

  /** Events seen so far for {@code recordingId}, in arrival order, pulling what is new. */
  public synchronized List<ReceivedMessage> events(String recordingId, Duration wait, int atLeast) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      seenEvents.addAll(pubsub.pull(eventsSub, 50, Duration.ofMillis(300)));
      List<ReceivedMessage> mine =
          seenEvents.stream()
              .filter(
                  m ->
                      recordingId.equals(
                          m.getMessage().getAttributesMap().get(RecordingJob.ATTR_RECORDING_ID)))
              .toList();
      if (mine.size() >= atLeast || System.nanoTime() > deadline) {
        return mine;
      }
    }
  }

  public static List<String> types(List<ReceivedMessage> events) {
    return events.stream()
        .map(m -> m.getMessage().getAttributesMap().get(RecordingEvent.ATTR_EVENT_TYPE))
        .toList();
  }

  /** Whether an event's signature verifies with {@code key}, as the webhook function checks it. */
  public static boolean signedWith(ReceivedMessage m, byte[] key) {
    try {
      EventSignatures.verify(
          SecretKeySet.of(Secret.of(key)),
          m.getMessage().getAttributesMap(),
          m.getMessage().getData().toByteArray(),
          Clock.systemUTC());
      return true;
    } catch (RecordingException e) {
      return false;
    }
  }

  public static byte[] newSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Replaces the secret file the way a rotation does: a new file moved over the old one. */
  public static void writeSecret(Path file, byte[] key) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static byte[] readSecret(Path file) throws IOException {
    return Base64.getDecoder().decode(Files.readString(file).strip());
  }

  public static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
