package io.meetrec.recorder.testing;

import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Waits on a recording's state in the store, failing fast when it ends in another state. */
public final class StoreWaits {

  private StoreWaits() {}

  public static RecordingRecord awaitState(
      RecordingStore store, RecordingJob job, RecordingState wanted, Duration timeout) {
    return awaitState(store, job.recordingId(), wanted, timeout);
  }

  public static RecordingRecord awaitState(
      RecordingStore store, String id, RecordingState wanted, Duration timeout) {
    List<RecordingState> seen = new ArrayList<>();
    try {
      RecorderFixture.await(
          timeout,
          id + " to be " + wanted.wireName(),
          () -> {
            Optional<RecordingRecord> r = store.find(id);
            Optional<RecordingState> s = r.map(RecordingRecord::state);
            s.ifPresent(
                st -> {
                  if (seen.isEmpty() || seen.get(seen.size() - 1) != st) {
                    seen.add(st);
                  }
                });
            if (s.isPresent() && s.get().isTerminal() && s.get() != wanted) {
              throw new AssertionError(
                  id + " ended " + s.get() + " instead of " + wanted + ": " + r.get().error());
            }
            return s.filter(st -> st == wanted).isPresent();
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (states seen: " + seen + ")", e);
    }
    return store.find(id).orElseThrow();
  }
}
