package io.meetrec.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.recorder.join.JoinTokenClient;
import io.meetrec.recorder.join.JoinTokenConfiguration;
import io.meetrec.recorder.join.LocalJoinTokenClient;
import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.recorder.testing.StoreWaits;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A signing function that fails twice at start (a cold start, a deploy) delays the recording, not
 * fails it: the session retries within the start timeout. Real Redis and Pub/Sub emulator, the fake
 * capture.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartRetryIT implements TestPropertyProvider {

  /** The real local token client behind two scripted failures. */
  static final class FlakyJoinTokens implements JoinTokenClient {
    final JoinTokenClient real;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    FlakyJoinTokens(JoinTokenClient real) {
      this.real = real;
    }

    @Override
    public String joinToken(RecordingJob job) {
      calls.incrementAndGet();
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new RecordingException(
            ErrorCode.JOIN_TOKEN_FAILED, "signing function answered 503 (scripted)");
      }
      return real.joinToken(job);
    }
  }

  @Factory
  @Requires(property = "spec.name", value = "StartRetryIT")
  static class Tokens {
    @Singleton
    @Replaces(LocalJoinTokenClient.class)
    FlakyJoinTokens tokens(JoinTokenConfiguration config) {
      return new FlakyJoinTokens(new LocalJoinTokenClient(config));
    }
  }

  private final RecorderFixture world = new RecorderFixture();

  @Inject JsonMapper json;
  @Inject RecordingStore store;
  @Inject FlakyJoinTokens tokens;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(world.properties("start-retry-recorder"));
    p.put("spec.name", "StartRetryIT");
    p.put("meetrec.test.fake-capture", "true");
    return p;
  }

  @Test
  void aSigningFunctionBlipAtStartIsRetriedWithinTheStartTimeout() throws Exception {
    tokens.failuresLeft.set(2);
    int before = tokens.calls.get();
    RecordingJob job = world.audioJob("http://127.0.0.1:9/meeting", 2);
    world.publish(json, job);

    StoreWaits.awaitState(store, job, RecordingState.COMPLETED, Duration.ofSeconds(60));
    assertThat(tokens.calls.get() - before).isEqualTo(3);
    assertThat(RecorderFixture.types(world.events(job.recordingId(), Duration.ofSeconds(10), 2)))
        .containsExactly("recording.started", "recording.completed");
    assertThat(world.uploadedMedia(job)).exists();
  }
}
