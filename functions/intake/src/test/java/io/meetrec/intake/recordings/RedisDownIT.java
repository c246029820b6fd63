package io.meetrec.intake.recordings;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static io.meetrec.intake.IntakeTestServices.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.intake.HttpCalls;
import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.intake.IntakeTestServices;
import io.meetrec.testing.ManagedProcess;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Redis unreachable: every route answers 503 with a problem document, and nothing is queued. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDownIT implements TestPropertyProvider {

  private final IntakeTestServices services = new IntakeTestServices();

  @Inject EmbeddedServer server;
  @Inject JsonMapper json;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(services.properties());
    p.put("redis.uri", "redis://127.0.0.1:" + ManagedProcess.freePort());
    return p;
  }

  @Test
  void answers503WhenRedisIsUnreachable() {
    HttpCalls calls = new HttpCalls(server.getURI(), json);

    Reply create = calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody("conf-nored"));
    Reply get = calls.signed(CLIENT, SECRET, "GET", "/v1/recordings/rec_x", null);

    for (Reply r : new Reply[] {create, get}) {
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.code()).isEqualTo("unavailable");
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(services.pubsub.pull(services.subscription, 1, Duration.ofSeconds(2))).isEmpty();
  }
}
