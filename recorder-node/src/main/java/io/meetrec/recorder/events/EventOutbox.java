package io.meetrec.recorder.events;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meetrec.shared.store.RecordingStore;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Terminal events not yet acknowledged by Pub/Sub, in Redis: the hash {@code meetrec:outbox}
 * ({@link RecordingStore#OUTBOX}, written by the store's terminal transitions) maps event id to the
 * event's JSON (the exact bytes that are signed and published, so a republished event keeps its id
 * and the webhook receiver can de-duplicate it).
 *
 * <p>Whoever publishes an entry first claims it ({@code SET NX PX} on {@value #CLAIM_PREFIX}{@code
 * <eventId>}), so the original publisher and the republishers of other pods do not publish the same
 * event at the same time. The claim lapses on its own if its holder dies.
 */
@Singleton
public class EventOutbox {

  public static final String KEY = RecordingStore.OUTBOX;
  public static final String CLAIM_PREFIX = "meetrec:outbox:claim:";

  private final RedisCommands<String, String> redis;

  public EventOutbox(StatefulRedisConnection<String, String> connection) {
    this.redis = connection.sync();
  }

  /**
   * Stores an event about to be published, claimed by {@code owner} for {@code claimFor}. The claim
   * comes first, so a republisher never sees the fresh entry unclaimed.
   */
  public void put(String eventId, byte[] event, String owner, Duration claimFor) {
    claim(eventId, owner, claimFor);
    redis.hset(KEY, eventId, new String(event, StandardCharsets.UTF_8));
  }

  /** Claims a stored event for one publish; false when someone else holds it. */
  public boolean claim(String eventId, String owner, Duration claimFor) {
    return "OK"
        .equals(
            redis.set(CLAIM_PREFIX + eventId, owner, SetArgs.Builder.nx().px(claimFor.toMillis())));
  }

  /** Lets the republishers have the event again (its publish failed). */
  public void release(String eventId) {
    redis.del(CLAIM_PREFIX + eventId);
  }

  /** The event is on the topic: forget it. */
  public void delivered(String eventId) {
    redis.hdel(KEY, eventId);
    redis.del(CLAIM_PREFIX + eventId);
  }

  /** Every stored event: id to JSON bytes. */
  public Map<String, byte[]> pending() {
    return redis.hgetall(KEY).entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().getBytes(StandardCharsets.UTF_8)));
  }

  public boolean contains(String eventId) {
    return redis.hexists(KEY, eventId);
  }
}
