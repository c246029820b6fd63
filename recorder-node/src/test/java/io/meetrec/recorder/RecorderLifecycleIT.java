package io.meetrec.recorder;

import static io.meetrec.recorder.testing.RecorderFixture.await;
import static io.meetrec.recorder.testing.RecorderFixture.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.media.MediaFiles;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.meeting.DemoMeeting;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The job lifecycle against the real Pub/Sub emulator, Redis and media pipeline (two slots of Xvfb,
 * PulseAudio, Chromium and libav* recording the demo meeting page): claim then ack, duplicates,
 * expiry, stop requests, page signals, capacity, signed events, uploads and endpoints. Jobs record
 * a small picture or sound only and last seconds, to stay cheap on a loaded machine.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderLifecycleIT implements TestPropertyProvider {

  /** Generous: the first job also waits for the slots' browsers to warm up on a loaded machine. */
  private static final Duration RECORDED = Duration.ofSeconds(90);

  private final RecorderFixture world = new RecorderFixture();
  private DemoMeeting meeting;

  @Inject JsonMapper json;
  @Inject RecordingStore store;
  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("lifecycle-recorder"));
    // Displays 211-212 and ports 9411-9412: unused by every other test class and bench.
    p.putAll(world.realMediaProperties(2, 211, 9411));
    meeting = DemoMeeting.start();
    return p;
  }

  @AfterAll
  void stopMeeting() {
    if (meeting != null) {
      meeting.close();
    }
  }

  private String meeting(String query) {
    return meeting.url("participants=3" + query).toString();
  }

  @Test
  void publishedJobIsRecordedAndUploadedWithStartedThenCompletedEvents() throws Exception {
    RecordingJob job = world.smallJob(meeting(""), 3);
    world.publish(json, job);

    RecordingRecord done = awaitState(job, RecordingState.COMPLETED, RECORDED);

    Path media = world.uploadedMedia(job);
    assertThat(media).exists();
    MediaFiles.Probe probe = MediaFiles.probe(Ffmpeg.get(), media);
    assertThat(probe.streams())
        .extracting(st -> st.info().kind() + "/" + st.info().codec())
        .containsExactlyInAnyOrder("video/h264", "audio/aac");
    assertThat(probe.streams())
        .filteredOn(st -> st.info().kind().equals("video"))
        .extracting(st -> st.info().width() + "x" + st.info().height())
        .containsExactly("320x180");
    assertThat(probe.durationSeconds()).isBetween(2.0, 5.0);
    assertThat(Files.size(media)).isEqualTo(done.output().sizeBytes()).isPositive();
    assertThat(done.output().uri()).isEqualTo(media.toUri().toString());
    assertThat(done.output().md5Base64())
        .isEqualTo(io.meetrec.recorder.upload.Checksums.of(media).md5Base64());
    assertThat(media.resolveSibling(StorageLayout.METADATA_FILE)).exists();
    assertThat(world.workDir.resolve(job.recordingId()).resolve("recording.mp4"))
        .as("the local file goes once the upload is verified")
        .doesNotExist();
    assertThat(done.progress().recordedSeconds()).isGreaterThanOrEqualTo(2.0);

    List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(10), 2);
    assertThat(types(events)).containsExactly("recording.started", "recording.completed");
    byte[] secret = RecorderFixture.readSecret(world.secretFile);
    for (ReceivedMessage m : events) {
      assertThat(RecorderFixture.signedWith(m, secret)).isTrue();
      assertThat(m.getMessage().getOrderingKey()).isEqualTo(job.recordingId());
      assertThat(m.getMessage().getAttributesMap())
          .containsKeys(
              RecordingEvent.ATTR_EVENT_ID,
              RecordingEvent.ATTR_SIGNATURE_TIMESTAMP,
              RecordingJob.ATTR_SCHEMA_VERSION);
    }
    assertThat(events.stream().map(m -> m.getMessage().getAttributesMap().get("eventId")))
        .doesNotHaveDuplicates();
    RecordingEvent completed =
        json.readValue(events.get(1).getMessage().getData().toByteArray(), RecordingEvent.class);
    assertThat(completed.webhookUrl()).isEqualTo(job.webhookUrl());
    assertThat(completed.data()).containsEntry("stopReason", "max_duration");
  }

  @Test
  void sameJobPublishedThreeTimesRecordsOnce() throws Exception {
    RecordingJob job = world.audioJob(meeting(""), 2);
    world.publish(json, job);
    world.publish(json, job);
    world.publish(json, job);

    awaitState(job, RecordingState.COMPLETED, RECORDED);
    // Give any redelivery time to do harm.
    Thread.sleep(2000);

    List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(3), 3);
    assertThat(types(events)).containsExactly("recording.started", "recording.completed");
    try (var files =
        Files.walk(
            world.uploadDir.resolve(StorageLayout.prefix(job.recordingId(), job.requestedAt())))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("recording.m4a", StorageLayout.METADATA_FILE);
    }
  }

  @Test
  void expiredJobEndsExpiredWithAnExpiredEvent() {
    RecordingJob job = world.job(meeting(""), 5, Instant.now().minusSeconds(1));
    world.publish(json, job);

    RecordingRecord expired = awaitState(job, RecordingState.EXPIRED, Duration.ofSeconds(20));

    assertThat(expired.error().code()).isEqualTo("expired");
    assertThat(types(world.events(job.recordingId(), Duration.ofSeconds(10), 1)))
        .containsExactly("recording.expired");
    assertThat(world.workDir.resolve(job.recordingId())).doesNotExist();
  }

  @Test
  void malformedJobIsAckedAndNeverStopsTheRecorder() {
    world.publishRaw("{\"this is\": not json".getBytes());
    world.publishRaw("{\"schemaVersion\":1,\"recordingId\":\"../../etc\"}".getBytes());
    RecordingJob good = world.audioJob(meeting(""), 1);
    world.publish(json, good);

    awaitState(good, RecordingState.COMPLETED, RECORDED);
    assertThat(store.find("../../etc")).isEmpty();
  }

  @Test
  void stopRequestEndsTheRecordingEarlyWithACompleteUpload() throws Exception {
    RecordingJob job = world.smallJob(meeting(""), 60);
    world.publish(json, job);
    awaitState(job, RecordingState.RECORDING, RECORDED);
    Thread.sleep(1500);

    Instant asked = Instant.now();
    store.requestStop(job.recordingId());
    RecordingRecord done = awaitState(job, RecordingState.COMPLETED, Duration.ofSeconds(30));

    assertThat(Duration.between(asked, done.endedAt())).isLessThan(Duration.ofSeconds(10));
    assertThat(done.output().durationSeconds()).isBetween(1.0, 20.0);
    Path media = Path.of(URI.create(done.output().uri()));
    assertThat(Files.size(media)).isEqualTo(done.output().sizeBytes());
    MediaFiles.Probe probe = MediaFiles.probe(Ffmpeg.get(), media);
    assertThat(probe.streams()).as("a complete file opens with both streams").hasSize(2);
    assertThat(probe.durationSeconds()).isCloseTo(done.output().durationSeconds(), within(0.5));
    assertThat(types(world.events(job.recordingId(), Duration.ofSeconds(10), 3)))
        .containsExactly("recording.started", "recording.stopped", "recording.completed");
  }

  @Test
  void meetingEndedSignalCompletesTheRecording() throws Exception {
    RecordingJob job = world.audioJob(meeting("&endAfter=3"), 60);
    world.publish(json, job);

    awaitState(job, RecordingState.COMPLETED, RECORDED);

    ReceivedMessage completed = world.events(job.recordingId(), Duration.ofSeconds(10), 2).get(1);
    assertThat(
            json.readValue(completed.getMessage().getData().toByteArray(), RecordingEvent.class)
                .data())
        .containsEntry("stopReason", "meeting_ended");
  }

  @Test
  void twoSlotsRecordTwoJobsAtOnceAndAThirdWaitsForAFreeSlot() {
    // Long enough that both slots are surely recording at once even if one starts slowly.
    List<RecordingJob> jobs =
        List.of(
            world.smallJob(meeting(""), 8),
            world.smallJob(meeting(""), 8),
            world.smallJob(meeting(""), 8));
    jobs.forEach(j -> world.publish(json, j));

    List<String> seenWaiting = new CopyOnWriteArrayList<>();
    await(
        RECORDED,
        "two recordings running at once",
        () -> {
          List<RecordingJob> running =
              jobs.stream()
                  .filter(j -> state(j).filter(s -> s == RecordingState.RECORDING).isPresent())
                  .toList();
          if (running.size() == 2) {
            jobs.stream()
                .filter(j -> !running.contains(j))
                .forEach(
                    j -> {
                      if (state(j).isEmpty()) {
                        seenWaiting.add(j.recordingId());
                      }
                    });
            return true;
          }
          return false;
        });
    assertThat(seenWaiting).as("the third job is not claimed while both slots are busy").hasSize(1);

    for (RecordingJob j : jobs) {
      awaitState(j, RecordingState.COMPLETED, RECORDED);
    }
    RecordingRecord third = store.find(seenWaiting.get(0)).orElseThrow();
    Instant firstEnd =
        jobs.stream()
            .filter(j -> !j.recordingId().equals(third.id()))
            .map(j -> store.find(j.recordingId()).orElseThrow().endedAt())
            .min(Instant::compareTo)
            .orElseThrow();
    assertThat(third.claimedAt()).isAfterOrEqualTo(firstEnd.minusSeconds(1));
  }

  @Test
  void rotatedSecretSignsTheNextEventWithoutRestart() throws Exception {
    byte[] rotated = RecorderFixture.newSecret();
    byte[] old = RecorderFixture.readSecret(world.secretFile);
    RecorderFixture.writeSecret(world.secretFile, rotated);

    RecordingJob job = world.audioJob(meeting(""), 1);
    world.publish(json, job);
    awaitState(job, RecordingState.COMPLETED, RECORDED);

    List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(10), 2);
    assertThat(events).hasSize(2);
    for (ReceivedMessage m : events) {
      assertThat(RecorderFixture.signedWith(m, rotated)).isTrue();
      assertThat(RecorderFixture.signedWith(m, old)).isFalse();
    }
  }

  @Test
  void endpointsReportHealthSessionsMetricsAndProblems() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    assertThat(get(http, "/health/liveness").statusCode()).isEqualTo(200);
    // Not ready while the slots' browsers warm up (or while other tests' jobs fill both slots).
    await(RECORDED, "readiness", () -> statusOf(http, "/health/readiness") == 200);
    HttpResponse<String> sessions = get(http, "/sessions");
    assertThat(sessions.statusCode()).isEqualTo(200);
    assertThat(sessions.body()).contains("\"capacity\":2", "\"sessions\":[");
    HttpResponse<String> metrics = get(http, "/prometheus");
    assertThat(metrics.body())
        .contains(
            "meetrec_recorder_free_slots",
            "meetrec_recorder_available",
            "meetrec_recorder_sessions");
    HttpResponse<String> missing = get(http, "/no-such-thing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(missing.body()).contains("\"code\":\"not_found\"");
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.getURI().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int statusOf(HttpClient http, String path) {
    try {
      return get(http, path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private Optional<RecordingState> state(RecordingJob job) {
    return store.find(job.recordingId()).map(RecordingRecord::state);
  }

  private RecordingRecord awaitState(RecordingJob job, RecordingState wanted, Duration timeout) {
    List<RecordingState> seen = new ArrayList<>();
    try {
      await(
          timeout,
          job.recordingId() + " to be " + wanted.wireName(),
          () -> {
            Optional<RecordingState> s = state(job);
            s.ifPresent(
                st -> {
                  if (seen.isEmpty() || seen.get(seen.size() - 1) != st) {
                    seen.add(st);
                  }
                });
            if (s.isPresent() && s.get().isTerminal() && s.get() != wanted) {
              throw new AssertionError(
                  "ended "
                      + s.get()
                      + " instead of "
                      + wanted
                      + ": "
                      + store.find(job.recordingId()).orElseThrow().error());
            }
            return s.filter(st -> st == wanted).isPresent();
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (states seen: " + seen + ")", e);
    }
    return store.find(job.recordingId()).orElseThrow();
  }

  static Set<String> ids(List<RecordingJob> jobs) {
    return jobs.stream().map(RecordingJob::recordingId).collect(Collectors.toSet());
  }
}
