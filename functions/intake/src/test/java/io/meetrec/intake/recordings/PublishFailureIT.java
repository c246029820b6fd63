package io.meetrec.intake.recordings;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static io.meetrec.intake.IntakeTestServices.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.intake.HttpCalls;
import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.intake.IntakeTestServices;
import io.meetrec.shared.recording.RecordingState;
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

/**
 * Pub/Sub unreachable: the caller gets 503; the record stays, marked, for the caller's retry to
 * publish again (never a second recording) or the queue sweeper to expire.
 */
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
  void answers503AndKeepsOneMarkedRecordForTheRetryOrTheSweeperWhenPubSubIsUnreachable() {
    HttpCalls calls = new HttpCalls(server.getURI(), json);
    String conf = "conf-nopubsub-" + System.nanoTime();
    Map<String, String> key = Map.of("Idempotency-Key", "k-" + conf);

    Reply first = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
    Reply retry = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.code()).isEqualTo("unavailable");
    assertThat(first.contentType()).startsWith("application/problem+json");
    assertThat(first.header("Retry-After")).isNotNull();
    // The retry published the same recording again (and failed again): still one record.
    assertThat(retry.status()).isEqualTo(503);
    var records = store.listByConference(CLIENT, conf, 10, null).records();
    assertThat(records).hasSize(1);
    String id = records.getFirst().id();
    assertThat(records.getFirst().state()).isEqualTo(RecordingState.QUEUED);
    assertThat(store.publication(id)).contains(RecordingStore.PUBLISH_UNKNOWN);
    // Nobody retrying: the sweeper finds it once its deadline passed.
    assertThat(store.queuedPastDeadline(records.getFirst().job().expiresAt(), 100_000))
        .contains(id);
  }
}
