package io.meetrec.ops.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedriveCommandTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void refusesATopicThatDoesNotDeadLetter() {
    assertThat(run(Map.of(), "--topic", "secret-rotation", "--project", "p"))
        .isEqualTo(RedriveCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a dead-lettered topic");
  }

  @Test
  void needsAProjectFromTheOptionOrTheEnvironment() {
    assertThat(run(Map.of(), "--topic", "recording-events")).isEqualTo(RedriveCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing --project");
  }

  @Test
  void namesTheDeadLettersAsTerraformDoes() throws IOException {
    String pubsub = Files.readString(Path.of("../terraform/modules/pubsub/main.tf"));
    assertThat(pubsub)
        .contains("dead_lettered      = toset([\"recording-requests\", \"recording-events\"])")
        .contains("{ for t in local.dead_lettered : t => \"${t}-dead-letter\" }")
        .contains("name                       = \"${each.value}-sub\"");
    assertThat(DeadLetteredTopic.RECORDING_EVENTS.deadLetterTopic())
        .isEqualTo("recording-events-dead-letter");
    assertThat(DeadLetteredTopic.RECORDING_REQUESTS.deadLetterSubscription())
        .isEqualTo("recording-requests-dead-letter-sub");
  }

  @Test
  void copyKeepsDataKeyAndTheOriginalAttributesOnly() {
    PubsubMessage deadLetter =
        PubsubMessage.newBuilder()
            .setMessageId("42")
            .setData(ByteString.copyFromUtf8("{\"event\":1}"))
            .setOrderingKey("rec_1")
            .putAttributes("eventId", "evt_1")
            .putAttributes("signature", "v1,abc")
            .putAttributes(DeadLetterRedrive.ATTR_SOURCE_SUBSCRIPTION, "projects/p/subscriptions/s")
            .putAttributes(DeadLetterRedrive.ATTR_SOURCE_DELIVERY_COUNT, "5")
            .putAttributes("CloudPubSubDeadLetterSourceTopicPublishTime", "2025-01-01T00:00:00Z")
            .build();
    Instant now = Instant.parse("2025-06-01T12:00:00Z");

    PubsubMessage copy = DeadLetterRedrive.copyOf(deadLetter, now);

    assertThat(copy.getData()).isEqualTo(deadLetter.getData());
    assertThat(copy.getOrderingKey()).isEqualTo("rec_1");
    assertThat(copy.getMessageId()).isEmpty();
    assertThat(copy.getAttributesMap())
        .isEqualTo(
            Map.of(
                "eventId",
                "evt_1",
                "signature",
                "v1,abc",
                DeadLetterRedrive.ATTR_REDRIVEN_AT,
                "2025-06-01T12:00:00Z"));
  }

  @Test
  void describesAMessageByItsIdsNeverItsData() {
    ReceivedMessage received =
        ReceivedMessage.newBuilder()
            .setMessage(
                PubsubMessage.newBuilder()
                    .setMessageId("7")
                    .setData(ByteString.copyFromUtf8("https://meet/x?pwd=secret"))
                    .putAttributes("recordingId", "rec_1")
                    .putAttributes("eventId", "evt_1")
                    .putAttributes(DeadLetterRedrive.ATTR_SOURCE_DELIVERY_COUNT, "5"))
            .build();

    assertThat(DeadLetterRedrive.describe(received))
        .isEqualTo("messageId=7 recordingId=rec_1 eventId=evt_1 deliveryAttempts=5");
  }

  private int run(Map<String, String> env, String... args) {
    return new RedriveCommand(
            env,
            Clock.systemUTC(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }
}
