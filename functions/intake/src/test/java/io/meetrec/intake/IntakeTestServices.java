package io.meetrec.intake;

import io.meetrec.shared.security.Secret;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.PubSubEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real Redis and Pub/Sub emulator every intake test runs against, a topic and pull subscription
 * of its own per test class, and two registered clients.
 */
public final class IntakeTestServices {

  public static final String CLIENT = "acme";
  public static final String OTHER_CLIENT = "globex";
  public static final String MEETING_HOST = "8.8.8.8";
  public static final Secret SECRET =
      Secret.of("acme-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  public static final Secret OTHER_SECRET =
      Secret.of("globex-test-secret-0123456789abcd".getBytes(StandardCharsets.UTF_8));

  public final String topic;
  public final String subscription;
  public final PubSubEmulator pubsub;

  public IntakeTestServices() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.topic = "recording-requests-" + suffix;
    this.subscription = "recording-requests-recorder-" + suffix;
    this.pubsub = LocalServices.pubsub();
    pubsub.createTopic(topic);
    pubsub.createPullSubscription(topic, subscription, 10);
  }

  public static String clientsJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    return "{\"%s\":\"%s\",\"%s\":\"%s\"}"
        .formatted(
            CLIENT,
            b64.encodeToString(SECRET.bytes()),
            OTHER_CLIENT,
            b64.encodeToString(OTHER_SECRET.bytes()));
  }

  /** Micronaut properties pointing the function at these services. */
  public Map<String, String> properties() {
    Map<String, String> p = new HashMap<>();
    p.put("redis.uri", LocalServices.redis().uri());
    p.put("meetrec.intake.publish.emulator-host", pubsub.hostPort());
    p.put("meetrec.intake.publish.project-id", pubsub.projectId());
    p.put("meetrec.intake.publish.topic", topic);
    p.put("meetrec.intake.publish.timeout", "5s");
    p.put("meetrec.intake.auth.clients-json", clientsJson());
    p.put("meetrec.intake.recordings.allowed-meeting-hosts", MEETING_HOST);
    return p;
  }

  public static String createBody(String conferenceId) {
    return """
        {"meetingUrl":"https://%s/meet/%s","conferenceId":"%s","maxDurationSeconds":600,
         "video":{"width":1280,"height":720,"fps":30},"metadata":{"team":"blue"}}"""
        .formatted(MEETING_HOST, conferenceId, conferenceId);
  }
}
