package io.meetrec.ops.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.TopicName;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.PubSubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code redrive} against the real Pub/Sub emulator, run in process through picocli. Each test has
 * its own emulator project holding the Terraform names: {@code recording-requests}, its dead-letter
 * topic and {@code recording-requests-dead-letter-sub}, and the recorder's subscription.
 */
class RedriveIT {

  private static final String TOPIC = "recording-requests";
  private static final String DEAD_LETTER_TOPIC = "recording-requests-dead-letter";
  private static final String DEAD_LETTER_SUB = "recording-requests-dead-letter-sub";
  private static final String RECORDER_SUB = "recording-requests-recorder";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** What the data of a job holds and the tool must never print. */
  private static final String PASSCODE = "pwd=s3cr3t-passcode";

  /** Short enough that a message left unacked comes back within the test. */
  private static final int LEASE_SECONDS = 10;

  private PubSubEmulator pubsub;

  @BeforeEach
  void projectWithTheTerraformNames() {
    String project = "redrive-" + UUID.randomUUID().toString().substring(0, 8);
    pubsub = new PubSubEmulator(LocalServices.pubsub().hostPort(), project);
    pubsub.createTopic(TOPIC);
    pubsub.createTopic(DEAD_LETTER_TOPIC);
    pubsub.createPullSubscription(DEAD_LETTER_TOPIC, DEAD_LETTER_SUB, 10);
    pubsub.createPullSubscription(TOPIC, RECORDER_SUB, 10);
  }

  @Test
  void redrivesEveryDeadLetterToItsTopicWithItsDataAndAttributesThenAcksIt() {
    Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
    Map<String, String> data = new HashMap<>();
    for (int i = 1; i <= 3; i++) {
      String recordingId = "rec_" + i;
      Map<String, String> a = new HashMap<>(jobAttributes(recordingId));
      attributes.put(recordingId, Map.copyOf(a));
      data.put(recordingId, jobData(recordingId));
      // What Pub/Sub adds when it dead-letters a message; not part of the original.
      a.put(DeadLetterRedrive.ATTR_SOURCE_SUBSCRIPTION, RECORDER_SUB);
      a.put(DeadLetterRedrive.ATTR_SOURCE_DELIVERY_COUNT, "5");
      deadLetter(recordingId, a);
    }

    Run run = redrive("--topic", TOPIC);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(RedriveCommand.OK);
    assertThat(run.out).contains(DEAD_LETTER_SUB + ": pulled 3, republished 3, failed 0");
    assertThat(run.out)
        .contains("recordingId=rec_1", "recordingId=rec_2", "recordingId=rec_3")
        .contains("from=" + RECORDER_SUB, "deliveryAttempts=5");
    assertThat(run.out + run.err).doesNotContain(PASSCODE);

    Map<String, PubsubMessage> redriven =
        pubsub.pull(RECORDER_SUB, 3, Duration.ofSeconds(20)).stream()
            .map(ReceivedMessage::getMessage)
            .collect(Collectors.toMap(m -> m.getAttributesOrThrow("recordingId"), m -> m));
    assertThat(redriven).containsOnlyKeys(attributes.keySet());
    attributes.forEach(
        (recordingId, original) -> {
          PubsubMessage m = redriven.get(recordingId);
          assertThat(m.getData().toStringUtf8()).isEqualTo(data.get(recordingId));
          Map<String, String> expected = new HashMap<>(original);
          expected.put(DeadLetterRedrive.ATTR_REDRIVEN_AT, NOW.toString());
          assertThat(m.getAttributesMap()).isEqualTo(expected);
        });

    // Acked, not merely leased: nothing comes back after the lease either.
    assertThat(pubsub.pull(DEAD_LETTER_SUB, 1, Duration.ofSeconds(LEASE_SECONDS + 3))).isEmpty();
    Run again = redrive("--topic", TOPIC);
    assertThat(again.exitCode).as(again.toString()).isEqualTo(RedriveCommand.OK);
    assertThat(again.out).contains(DEAD_LETTER_SUB + ": pulled 0, republished 0, failed 0");
  }

  @Test
  void dryRunListsTheDeadLettersAndReturnsThemAtOnce() {
    deadLetter("rec_a", jobAttributes("rec_a"));
    deadLetter("rec_b", jobAttributes("rec_b"));

    Run run = redrive("--topic", TOPIC, "--dry-run");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(RedriveCommand.OK);
    assertThat(run.out)
        .contains("recordingId=rec_a", "recordingId=rec_b")
        .contains(DEAD_LETTER_SUB + ": pulled 2, republished 0, failed 0")
        .doesNotContain(PASSCODE);
    assertThat(pubsub.pull(RECORDER_SUB, 1, Duration.ofSeconds(2))).isEmpty();
    // Back before the lease would have run out: the dry run nacked them.
    assertThat(pubsub.pull(DEAD_LETTER_SUB, 2, Duration.ofSeconds(LEASE_SECONDS - 4)))
        .extracting(m -> m.getMessage().getAttributesOrThrow("recordingId"))
        .containsExactlyInAnyOrder("rec_a", "rec_b");
  }

  @Test
  void limitStopsAfterThatManyMessages() {
    for (String id : List.of("rec_x", "rec_y", "rec_z")) {
      deadLetter(id, jobAttributes(id));
    }

    Run run = redrive("--topic", TOPIC, "--limit", "2");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(RedriveCommand.OK);
    assertThat(run.out).contains(DEAD_LETTER_SUB + ": pulled 2, republished 2, failed 0");
    assertThat(pubsub.pull(RECORDER_SUB, 2, Duration.ofSeconds(20))).hasSize(2);
    assertThat(pubsub.pull(DEAD_LETTER_SUB, 2, Duration.ofSeconds(LEASE_SECONDS + 3))).hasSize(1);
  }

  @Test
  void aCopyPubSubRefusesLeavesItsDeadLetterUnackedAndFailsTheRun() {
    deadLetter("rec_p", jobAttributes("rec_p"));
    deadLetter("rec_q", jobAttributes("rec_q"));
    try (var admin = pubsub.topicAdmin()) {
      admin.deleteTopic(TopicName.of(pubsub.projectId(), TOPIC));
    }

    Run run = redrive("--topic", TOPIC);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(RedriveCommand.FAILED);
    assertThat(run.out)
        .contains(DEAD_LETTER_SUB + ": pulled 2, republished 0, failed 2")
        .contains("failed       messageId=")
        .doesNotContain(PASSCODE);
    assertThat(run.err).contains("2 not republished");
    // Not acked, and returned at the end of the run rather than held to the end of the lease.
    assertThat(pubsub.pull(DEAD_LETTER_SUB, 2, Duration.ofSeconds(LEASE_SECONDS - 4)))
        .extracting(m -> m.getMessage().getAttributesOrThrow("recordingId"))
        .containsExactlyInAnyOrder("rec_p", "rec_q");
  }

  private static Map<String, String> jobAttributes(String recordingId) {
    return Map.of("recordingId", recordingId, "schemaVersion", "1", "clientId", "client-1");
  }

  private static String jobData(String recordingId) {
    return "{\"recordingId\":\""
        + recordingId
        + "\",\"meetingUrl\":\"https://meet/x?"
        + PASSCODE
        + "\"}";
  }

  private void deadLetter(String recordingId, Map<String, String> attributes) {
    pubsub.publish(
        DEAD_LETTER_TOPIC, jobData(recordingId).getBytes(StandardCharsets.UTF_8), attributes, null);
  }

  private Run redrive(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RedriveCommand command =
        new RedriveCommand(
            Map.of(PubSubClients.EMULATOR_HOST, pubsub.hostPort()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    command.leaseSeconds = LEASE_SECONDS;
    List<String> line = new ArrayList<>(List.of(args));
    line.addAll(List.of("--project", pubsub.projectId()));
    int exitCode = command.run(line.toArray(String[]::new));
    return new Run(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String out, String err) {}
}
