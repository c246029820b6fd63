package io.meetrec.intake.recordings;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static io.meetrec.intake.IntakeTestServices.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.intake.HttpCalls;
import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.intake.IntakeTestServices;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.ManagedProcess;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Pub/Sub unreachable: the caller gets 503 and no queued recording is left behind. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishFailureIT implements TestPropertyProvider {

  private final IntakeTestServices services = new IntakeTestServices();

  @Inject EmbeddedServer server;
  @Inject JsonMapper json;
  @Inject RecordingStore store;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(services.properties());
    // A port nobody listens on: every publish attempt is refused until the timeout.
    p.put("meetrec.intake.publish.emulator-host", "127.0.0.1:" + ManagedProcess.freePort());
    p.put("meetrec.intake.publish.timeout", "2s");
    return p;
  }

  @Test
  void answers503AndLeavesNoQueuedRecordingWhenPubSubIsUnreachable() {
    HttpCalls calls = new HttpCalls(server.getURI(), json);
    String conf = "conf-nopubsub-" + System.nanoTime();
    Map<String, String> key = Map.of("Idempotency-Key", "k-" + conf);

    Reply first = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
    Reply retry = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.code()).isEqualTo("unavailable");
    assertThat(first.contentType()).startsWith("application/problem+json");
    assertThat(first.header("Retry-After")).isNotNull();
    // The key was released with the record, so the retry tried again instead of replaying.
    assertThat(retry.status()).isEqualTo(503);
    assertThat(store.listByConference(conf, 10)).isEmpty();
  }
}
