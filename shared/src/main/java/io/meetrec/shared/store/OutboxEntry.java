package io.meetrec.shared.store;

/**
 * An event to write into {@link RecordingStore#OUTBOX} in the same atomic step as the terminal
 * transition it announces, so a recorder that dies right after the transition still leaves its
 * terminal event behind for another pod to publish.
 *
 * @param eventId the hash field (the event's id)
 * @param eventJson the event exactly as it will be published
 */
public record OutboxEntry(String eventId, String eventJson) {

  @Override
  public String toString() {
    return "OutboxEntry[" + eventId + "]";
  }
}
