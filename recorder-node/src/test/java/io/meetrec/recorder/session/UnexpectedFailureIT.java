package io.meetrec.recorder.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.testing.FakeCapture;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A defect inside a recording (an unexpected exception) ends it once with {@code internal}; what
 * the customer sees, in the record and the terminal event, is the code and a safe message, never
 * the exception's own text.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnexpectedFailureIT implements TestPropertyProvider {

  private static final String INTERNAL_DETAIL =
      "pool exhausted at redis://10.1.2.3:6379 key=s3cr3t";

  private final RecorderFixture world = new RecorderFixture();

  @Inject JsonMapper json;
  @Inject RecordingStore store;
  @Inject FakeCapture capture;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("unexpected-recorder"));
    p.put("meetrec.test.fake-capture", "true");
    return p;
  }

  @Test
  void anUnexpectedErrorEndsTheRecordingInternalWithoutItsTextReachingTheCustomer()
      throws Exception {
    capture.failNextStart(new IllegalStateException(INTERNAL_DETAIL));
    RecordingJob job = world.audioJob("http://127.0.0.1:9/meeting", 30);
    world.publish(json, job);

    RecordingRecord failed =
        StoreWaits.awaitState(store, job, RecordingState.FAILED, Duration.ofSeconds(30));

    assertThat(failed.error().code()).isEqualTo("internal");
    assertThat(failed.error().message())
        .doesNotContain("s3cr3t")
        .doesNotContain("10.1.2.3")
        .doesNotContain("IllegalStateException");
    List<ReceivedMessage> events = world.events(job.recordingId(), Duration.ofSeconds(10), 1);
    assertThat(RecorderFixture.types(events)).containsExactly("recording.failed");
    String body = events.getFirst().getMessage().getData().toStringUtf8();
    assertThat(body).contains("\"internal\"").doesNotContain("s3cr3t").doesNotContain("10.1.2.3");
    RecordingEvent event = json.readValue(body, RecordingEvent.class);
    assertThat(event.recordingId()).isEqualTo(job.recordingId());
  }
}
