package io.meetrec.recorder.sweep;

import static io.meetrec.recorder.testing.RecorderFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.job.JobHandler;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Queued recordings that no recorder will ever receive a message for, against real Redis and the
 * Pub/Sub emulator (events topic): the sweeper ends them. The recorder takes no jobs here (no
 * browser starts); the sweeper is the only thing that can end them.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueSweeperIT implements TestPropertyProvider {

  private final RecorderFixture world = new RecorderFixture();

  @Inject RecordingStore store;
  @Inject JobHandler jobs;
  @Inject JsonMapper json;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("sweeper-recorder"));
    p.put("meetrec.recorder.job.enabled", "false");
    p.put("meetrec.recorder.lease.reaper-enabled", "false");
    p.put("meetrec.recorder.sweep.every", "500ms");
    p.put("micronaut.server.port", "-1");
    return p;
  }

  private RecordingRecord awaitState(String id, RecordingState state, Duration timeout) {
    RecorderFixture.await(
        timeout,
        id + " " + state.wireName(),
        () -> store.find(id).map(r -> r.state() == state).orElse(false));
    return store.find(id).orElseThrow();
  }

  @Test
  void queuedRecordWhoseMessageWasDroppedIsExpiredWithOneEvent() {
    // The intake wrote the record; its message was lost (never published here).
    RecordingJob job = world.job("https://meet.example.com/lost", 30, Instant.now().plusSeconds(2));
    assertThat(store.create(job, "client-sweep")).isTrue();

    RecordingRecord expired =
        awaitState(job.recordingId(), RecordingState.EXPIRED, Duration.ofSeconds(20));

    assertThat(expired.error().code()).isEqualTo("expired");
    assertThat(expired.clientId()).isEqualTo("client-sweep");
    List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(10), 1);
    // Later sweeps find nothing more to do: still exactly one event.
    events = world.events(job.recordingId(), Duration.ofSeconds(3), 2);
    assertThat(types(events)).containsExactly("recording.expired");
    assertThat(store.queuedPastDeadline(Instant.now(), 1000)).doesNotContain(job.recordingId());
  }

  @Test
  void queuedRecordingStoppedBeforeItsDeadlineIsCancelledByTheSweeperAfterIt() {
    RecordingJob job =
        world.job("https://meet.example.com/lost2", 30, Instant.now().plusSeconds(2));
    store.create(job, "client-sweep");
    store.requestStop(job.recordingId());

    RecordingRecord cancelled =
        awaitState(job.recordingId(), RecordingState.CANCELLED, Duration.ofSeconds(20));

    assertThat(cancelled.endedAt()).isNotNull();
    assertThat(types(world.events(job.recordingId(), Duration.ofSeconds(5), 2)))
        .containsExactly("recording.cancelled");
  }

  @Test
  void malformedJobOfAQueuedRecordingFailsItInvalidJobWithOneEventAndIsNotAcked() throws Exception {
    RecordingJob job = world.job("https://meet.example.com/bad", 30);
    store.create(job, "client-sweep");
    String newer =
        new String(json.writeValueAsBytes(job), java.nio.charset.StandardCharsets.UTF_8)
            .replace("\"schemaVersion\":1", "\"schemaVersion\":9");
    ReceivedMessage delivered =
        ReceivedMessage.newBuilder()
            .setAckId("ack-bad")
            .setMessage(
                PubsubMessage.newBuilder()
                    .setMessageId("m-bad")
                    .setData(ByteString.copyFromUtf8(newer))
                    .putAttributes(RecordingJob.ATTR_RECORDING_ID, job.recordingId()))
            .build();

    // Handed back (the subscription's dead-letter policy moves it aside), on every delivery.
    assertThat(jobs.handle(delivered)).isEqualTo(JobHandler.Verdict.NACK);
    assertThat(jobs.handle(delivered)).isEqualTo(JobHandler.Verdict.NACK);

    RecordingRecord r = store.find(job.recordingId()).orElseThrow();
    assertThat(r.state()).isEqualTo(RecordingState.FAILED);
    assertThat(r.error().code()).isEqualTo("invalid_job");
    assertThat(types(world.events(job.recordingId(), Duration.ofSeconds(5), 2)))
        .containsExactly("recording.failed");
  }

  @Test
  void stopRequestedWhileQueuedCancelsTheJobAtClaimWithoutJoining() throws Exception {
    RecordingJob job = world.job("https://meet.example.com/stopped", 30);
    store.create(job, "client-sweep");
    store.requestStop(job.recordingId());
    ReceivedMessage delivered =
        ReceivedMessage.newBuilder()
            .setAckId("ack-1")
            .setMessage(
                PubsubMessage.newBuilder()
                    .setMessageId("m-1")
                    .setData(ByteString.copyFrom(json.writeValueAsBytes(job)))
                    .putAttributes(RecordingJob.ATTR_RECORDING_ID, job.recordingId()))
            .build();

    assertThat(jobs.handle(delivered)).isEqualTo(JobHandler.Verdict.ACK);
    // The same message redelivered: acked, nothing more.
    assertThat(jobs.handle(delivered)).isEqualTo(JobHandler.Verdict.ACK);

    RecordingRecord r = store.find(job.recordingId()).orElseThrow();
    assertThat(r.state()).isEqualTo(RecordingState.CANCELLED);
    assertThat(r.owner()).as("no recorder claimed it").isNull();
    assertThat(r.startedAt()).isNull();
    assertThat(types(world.events(job.recordingId(), Duration.ofSeconds(5), 2)))
        .containsExactly("recording.cancelled");
  }
}
