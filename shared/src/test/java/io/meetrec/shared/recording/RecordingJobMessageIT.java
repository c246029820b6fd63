package io.meetrec.shared.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.PubSubEmulator;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The job contract travels through the real Pub/Sub emulator unchanged. */
class RecordingJobMessageIT {

  @Test
  void jobPublishedWithAttributesIsPulledBackIdentical() throws Exception {
    PubSubEmulator pubsub = LocalServices.pubsub();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "recording-requests-" + suffix;
    String subscription = "recording-requests-recorder-" + suffix;
    pubsub.createTopic(topic);
    pubsub.createPullSubscription(topic, subscription, 30);

    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    RecordingJob job =
        new RecordingJob(
            RecordingJob.SCHEMA_VERSION,
            "rec_" + suffix,
            "https://meet.example.com/r",
            "conf-1",
            120,
            new VideoSpec(640, 360, 15),
            false,
            "https://hooks.example.com/h",
            Map.of("k", "v"),
            now,
            now.plusSeconds(600));
    ObjectMapper json = ObjectMapper.getDefault();
    pubsub.publish(
        topic,
        json.writeValueAsBytes(job),
        Map.of(
            RecordingJob.ATTR_RECORDING_ID, job.recordingId(),
            RecordingJob.ATTR_SCHEMA_VERSION, Integer.toString(RecordingJob.SCHEMA_VERSION)),
        null);

    List<ReceivedMessage> got = pubsub.pull(subscription, 1, Duration.ofSeconds(20));
    assertThat(got).hasSize(1);
    var message = got.get(0).getMessage();
    assertThat(message.getAttributesMap())
        .containsEntry(RecordingJob.ATTR_RECORDING_ID, job.recordingId())
        .containsEntry(RecordingJob.ATTR_SCHEMA_VERSION, "1");
    assertThat(json.readValue(message.getData().toByteArray(), RecordingJob.class)).isEqualTo(job);
  }
}
