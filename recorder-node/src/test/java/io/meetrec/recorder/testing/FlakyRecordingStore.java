package io.meetrec.recorder.testing;

import io.lettuce.core.api.StatefulRedisConnection;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.OutboxEntry;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.RecordingUpdate;
import io.meetrec.shared.store.TransitionResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real store, with one scripted fault per recording: its transition to a chosen state fails
 * once, either before reaching Redis ({@link Fault#LOST}) or after Redis applied it ({@link
 * Fault#UNHEARD}: the write landed, the reply did not), as a blip of the connection does.
 */
public class FlakyRecordingStore extends RecordingStore {

  /** Where the one failure happens. */
  public enum Fault {
    LOST,
    UNHEARD
  }

  private record Plan(RecordingState state, Fault fault) {}

  private final Map<String, Plan> plans = new ConcurrentHashMap<>();
  public final AtomicInteger injected = new AtomicInteger();

  public FlakyRecordingStore(StatefulRedisConnection<String, String> connection, JsonMapper json) {
    super(connection, json);
  }

  /** The next transition of {@code recordingId} to {@code state} fails once, as {@code fault}. */
  public void failOnce(String recordingId, RecordingState state, Fault fault) {
    plans.put(recordingId, new Plan(state, fault));
  }

  @Override
  public TransitionResult move(
      String id,
      RecordingState to,
      @Nullable String owner,
      RecordingUpdate update,
      @Nullable OutboxEntry outbox) {
    Plan plan = plans.get(id);
    if (plan == null || plan.state() != to || !plans.remove(id, plan)) {
      return super.move(id, to, owner, update, outbox);
    }
    injected.incrementAndGet();
    if (plan.fault() == Fault.UNHEARD) {
      super.move(id, to, owner, update, outbox);
    }
    throw new RecordingException(
        ErrorCode.UNAVAILABLE, "recording store unavailable (scripted " + plan.fault() + ")");
  }
}
