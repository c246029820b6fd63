package io.meetrec.shared.events;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of event on {@code recording-events}; the wire names are what webhooks carry. */
public enum EventType {
  QUEUED("recording.queued"),
  STARTED("recording.started"),
  PROGRESS("recording.progress"),
  STOPPED("recording.stopped"),
  COMPLETED("recording.completed"),
  FAILED("recording.failed"),
  EXPIRED("recording.expired"),
  CANCELLED("recording.cancelled");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Exactly one terminal event is published per accepted recording. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
  }

  public static Optional<EventType> fromWire(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }
}
