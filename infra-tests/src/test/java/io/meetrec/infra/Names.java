package io.meetrec.infra;

import java.util.Set;

/** The cross-component names of the shared contract (read by every invariant test from here). */
public final class Names {
  private Names() {}

  public static final String REQUESTS_TOPIC = "recording-requests";
  public static final String EVENTS_TOPIC = "recording-events";
  public static final String ROTATION_TOPIC = "secret-rotation";
  public static final String RECORDER_SUBSCRIPTION = "recording-requests-recorder";
  public static final String WEBHOOKS_SUBSCRIPTION = "recording-events-webhooks";
  public static final String ROTATION_SUBSCRIPTION = "secret-rotation-function";
  public static final String NAMESPACE = "meetrec";
  public static final String RECORDER_KSA = "recorder";
  public static final String RECORDER_GSA = "meetrec-recorder";

  /** Every Pub/Sub name the code may use. */
  public static final Set<String> PUBSUB =
      Set.of(
          REQUESTS_TOPIC,
          EVENTS_TOPIC,
          ROTATION_TOPIC,
          REQUESTS_TOPIC + "-dead-letter",
          EVENTS_TOPIC + "-dead-letter",
          REQUESTS_TOPIC + "-dead-letter-sub",
          EVENTS_TOPIC + "-dead-letter-sub",
          RECORDER_SUBSCRIPTION,
          WEBHOOKS_SUBSCRIPTION,
          ROTATION_SUBSCRIPTION);
}
