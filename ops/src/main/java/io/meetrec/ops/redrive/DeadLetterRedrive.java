package io.meetrec.ops.redrive;

import com.google.api.core.ApiFuture;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.common.collect.Lists;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.shared.events.RecordingEvent;
import io.meetrec.shared.recording.RecordingJob;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves the messages of a dead-letter subscription back to their original topic: pull a batch,
 * publish a copy of each (same data, attributes and ordering key, plus {@code redrivenAt}), and ack
 * a dead letter only once Pub/Sub has given its copy a message id. A message whose copy failed is
 * not acked; it goes back to the subscription at the end of the run, as does everything a dry run
 * pulled. Redriving a message twice is harmless: recorders claim jobs by {@code recordingId} and
 * the webhooks' delivery ledger keeps one entry per {@code eventId}.
 *
 * <p>The run ends when the subscription has nothing left that this run has not seen, or after
 * {@code limit} messages. Only attributes are printed, never the data: a job carries the meeting
 * URL and its passcode.
 */
final class DeadLetterRedrive {

  /** Added to each copy: when it was redriven (ISO-8601 instant). Consumers ignore it. */
  static final String ATTR_REDRIVEN_AT = "redrivenAt";

  /**
   * Pub/Sub adds attributes with this prefix when it dead-letters a message (source subscription,
   * delivery count, …). They are not the publisher's, so the copy leaves them out.
   */
  static final String DEAD_LETTER_ATTRIBUTE_PREFIX = "CloudPubSubDeadLetter";

  static final String ATTR_SOURCE_SUBSCRIPTION = "CloudPubSubDeadLetterSourceSubscription";
  static final String ATTR_SOURCE_DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount";

  static final int BATCH = 100;

  /**
   * How long a pulled message stays ours while its copy is published (or while a dry run runs), by
   * default.
   */
  static final int LEASE_SECONDS = 60;

  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  /**
   * A pull that returns at once may come back empty while messages remain, so the run stops only
   * after a few empty pulls in a row.
   */
  static final int EMPTY_PULLS_TO_STOP = 3;

  static final Duration EMPTY_PULL_PAUSE = Duration.ofMillis(300);

  /** What a run did. A dry run republishes nothing. */
  record Summary(int pulled, int republished, int failed) {}

  private final SubscriberStub subscriber;
  private final String subscription;
  private final Publisher publisher;
  private final Clock clock;
  private final PrintWriter out;
  private final int leaseSeconds;

  /**
   * @param subscription the dead-letter subscription's full name ({@code
   *     projects/…/subscriptions/…})
   * @param publisher publishes to the original topic; null for a dry run
   * @param leaseSeconds ack deadline of the pulled messages while this run holds them (10 to 600)
   */
  DeadLetterRedrive(
      SubscriberStub subscriber,
      String subscription,
      Publisher publisher,
      Clock clock,
      PrintWriter out,
      int leaseSeconds) {
    this.subscriber = subscriber;
    this.subscription = subscription;
    this.publisher = publisher;
    this.clock = clock;
    this.out = out;
    this.leaseSeconds = leaseSeconds;
  }

  /**
   * Redrives up to {@code limit} messages (0: all); without a publisher, lists them and returns
   * them to the subscription untouched.
   */
  Summary run(int limit) throws InterruptedException {
    boolean dryRun = publisher == null;
    // Messages not acked, by message id, with their newest ack id: returned at the end, at once.
    Map<String, String> unacked = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    int pulled = 0;
    int republished = 0;
    int failed = 0;
    int emptyPulls = 0;
    try {
      while (limit == 0 || pulled < limit) {
        List<ReceivedMessage> fresh = new ArrayList<>();
        for (ReceivedMessage m : pull(limit == 0 ? BATCH : Math.min(BATCH, limit - pulled))) {
          String id = m.getMessage().getMessageId();
          if (seen.add(id)) {
            fresh.add(m);
          } else if (unacked.containsKey(id)) {
            // Its lease ran out and it came back: this run has handled it already.
            unacked.put(id, m.getAckId());
          }
        }
        if (fresh.isEmpty()) {
          if (++emptyPulls >= EMPTY_PULLS_TO_STOP) {
            break;
          }
          Thread.sleep(EMPTY_PULL_PAUSE.toMillis());
          continue;
        }
        emptyPulls = 0;
        pulled += fresh.size();
        modifyAckDeadline(fresh.stream().map(ReceivedMessage::getAckId).toList(), leaseSeconds);
        if (dryRun) {
          for (ReceivedMessage m : fresh) {
            out.println("dead letter  " + describe(m));
            unacked.put(m.getMessage().getMessageId(), m.getAckId());
          }
          continue;
        }
        Instant now = clock.instant();
        List<ApiFuture<String>> copies =
            fresh.stream().map(m -> publisher.publish(copyOf(m.getMessage(), now))).toList();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
          ReceivedMessage m = fresh.get(i);
          try {
            String copyId = copies.get(i).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            accepted.add(m.getAckId());
            republished++;
            out.println("republished  " + describe(m) + " as messageId=" + copyId);
          } catch (ExecutionException | TimeoutException e) {
            failed++;
            unacked.put(m.getMessage().getMessageId(), m.getAckId());
            out.println("failed       " + describe(m) + ": " + reason(e));
            String orderingKey = m.getMessage().getOrderingKey();
            if (!orderingKey.isEmpty()) {
              // An ordered publisher stops a key after a failure; the next batch may use it again.
              publisher.resumePublish(orderingKey);
            }
          }
        }
        acknowledge(accepted);
      }
    } finally {
      modifyAckDeadline(List.copyOf(unacked.values()), 0);
    }
    return new Summary(pulled, republished, failed);
  }

  /** The copy to publish: the dead letter's data, ordering key and own attributes, and when. */
  static PubsubMessage copyOf(PubsubMessage deadLetter, Instant redrivenAt) {
    PubsubMessage.Builder copy =
        PubsubMessage.newBuilder()
            .setData(deadLetter.getData())
            .setOrderingKey(deadLetter.getOrderingKey());
    deadLetter
        .getAttributesMap()
        .forEach(
            (name, value) -> {
              if (!name.startsWith(DEAD_LETTER_ATTRIBUTE_PREFIX)) {
                copy.putAttributes(name, value);
              }
            });
    return copy.putAttributes(ATTR_REDRIVEN_AT, redrivenAt.toString()).build();
  }

  /** Ids and where it was dead-lettered from; never the data. */
  static String describe(ReceivedMessage received) {
    PubsubMessage m = received.getMessage();
    Map<String, String> a = m.getAttributesMap();
    StringBuilder s = new StringBuilder("messageId=").append(m.getMessageId());
    for (String name :
        List.of(
            RecordingJob.ATTR_RECORDING_ID,
            RecordingEvent.ATTR_EVENT_ID,
            RecordingEvent.ATTR_EVENT_TYPE,
            ATTR_SOURCE_SUBSCRIPTION,
            ATTR_SOURCE_DELIVERY_COUNT)) {
      String value = a.get(name);
      if (value != null) {
        String label = name.startsWith(DEAD_LETTER_ATTRIBUTE_PREFIX) ? shortName(name) : name;
        s.append(' ').append(label).append('=').append(value);
      }
    }
    return s.toString();
  }

  private static String shortName(String deadLetterAttribute) {
    return deadLetterAttribute.equals(ATTR_SOURCE_SUBSCRIPTION) ? "from" : "deliveryAttempts";
  }

  private static String reason(Exception e) {
    if (e instanceof TimeoutException) {
      return "Pub/Sub did not answer within "
          + PUBLISH_TIMEOUT.toSeconds()
          + " s (the copy may still arrive)";
    }
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return cause.getMessage();
  }

  @SuppressWarnings("deprecation") // returnImmediately: the end of the backlog is what we look for
  private List<ReceivedMessage> pull(int max) {
    return subscriber
        .pullCallable()
        .call(
            PullRequest.newBuilder()
                .setSubscription(subscription)
                .setMaxMessages(max)
                .setReturnImmediately(true)
                .build())
        .getReceivedMessagesList();
  }

  private void acknowledge(List<String> ackIds) {
    for (List<String> chunk : Lists.partition(ackIds, BATCH)) {
      subscriber
          .acknowledgeCallable()
          .call(
              AcknowledgeRequest.newBuilder()
                  .setSubscription(subscription)
                  .addAllAckIds(chunk)
                  .build());
    }
  }

  /** Extends the lease ({@code seconds} > 0) or returns the messages at once (0, a nack). */
  private void modifyAckDeadline(Collection<String> ackIds, int seconds) {
    for (List<String> chunk : Lists.partition(List.copyOf(ackIds), BATCH)) {
      subscriber
          .modifyAckDeadlineCallable()
          .call(
              ModifyAckDeadlineRequest.newBuilder()
                  .setSubscription(subscription)
                  .addAllAckIds(chunk)
                  .setAckDeadlineSeconds(seconds)
                  .build());
    }
  }
}
