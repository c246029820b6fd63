package io.meetrec.recorder.job;

import static io.meetrec.recorder.testing.RecorderFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.meeting.DemoMeeting;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A recorder that starts with jobs already waiting (a pod scaled up for a backlog) takes them while
 * its slots' browsers are still warming up: every job is recorded and none is handed back, which
 * would cost it a delivery attempt. Warm-up used to hide a slot between the pull and the start, so
 * the second job failed {@code no_free_slot} or was nacked. Real emulator, Redis and two slots of
 * Xvfb, PulseAudio and Chromium.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartUpBacklogIT implements TestPropertyProvider {

  private final RecorderFixture world = new RecorderFixture();
  private final DemoMeeting meeting = DemoMeeting.start();
  private List<RecordingJob> backlog;

  @Inject RecordingStore store;
  @Inject MeterRegistry registry;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("backlog-recorder"));
    // Displays 213-214 and ports 9413-9414: unused by every other test class and bench.
    p.putAll(world.realMediaProperties(2, 213, 9413));
    // Published before the application context (and so the puller and the warm-up) starts.
    String url = meeting.url("participants=2").toString();
    backlog = List.of(world.audioJob(url, 2), world.audioJob(url, 2));
    JsonMapper json = JsonMapper.createDefault();
    backlog.forEach(job -> world.publish(json, job));
    return p;
  }

  @AfterAll
  void stopMeeting() {
    meeting.close();
  }

  @Test
  void jobsWaitingAtStartUpAreAllRecordedWithoutHandingOneBack() {
    await(
        Duration.ofSeconds(120),
        "the backlog to end",
        () ->
            backlog.stream()
                .allMatch(
                    job ->
                        store
                            .find(job.recordingId())
                            .map(r -> r.state().isTerminal())
                            .orElse(false)));

    for (RecordingJob job : backlog) {
      RecordingRecord record = store.find(job.recordingId()).orElseThrow();
      assertThat(record.state())
          .as(job.recordingId() + ": " + record.error())
          .isEqualTo(RecordingState.COMPLETED);
    }
    assertThat(registry.find("meetrec.recorder.jobs.handed_back").counters())
        .as("jobs handed back")
        .extracting(c -> c.getId().getTag("reason") + "=" + c.count())
        .isEmpty();
    assertThat(registry.find("meetrec.recorder.jobs.claimed").counter().count()).isEqualTo(2.0);
  }
}
