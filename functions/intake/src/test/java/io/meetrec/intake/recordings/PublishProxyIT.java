package io.meetrec.intake.recordings;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static io.meetrec.intake.IntakeTestServices.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meetrec.intake.HttpCalls;
import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.intake.IntakeTestServices;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.TcpProxy;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A TCP proxy between the intake and the Pub/Sub emulator stalls and drops publishes, so the intake
 * cannot know whether Pub/Sub took a job. Whatever happened: no phantom (every queued job has its
 * client's record), no duplicate (one recording per Idempotency-Key), nothing stranded (the record
 * is published on the retry, or in the sweeper's queued index).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishProxyIT {

  private final IntakeTestServices services = new IntakeTestServices();
  private final TcpProxy proxy = TcpProxy.to(services.pubsub.hostPort());
  private final JsonMapper json = JsonMapper.createDefault();
  private ManagedProcess function;
  private URI base;
  private StatefulRedisConnection<String, String> redis;
  private RecordingStore store;

  /** The shaded jar under the Functions Framework invoker: concurrent requests as in the cloud. */
  @BeforeAll
  void start() {
    Map<String, String> p = new HashMap<>(services.properties());
    p.put("meetrec.intake.publish.emulator-host", proxy.hostPort());
    p.put("meetrec.intake.publish.timeout", "2s");
    int port = ManagedProcess.freePort();
    function =
        FunctionInvoker.start(
            "intake-proxy",
            FunctionInvoker.functionJar(),
            "io.micronaut.gcp.function.http.HttpFunction",
            port,
            p);
    base = URI.create("http://127.0.0.1:" + port);
    redis = RedisClient.create(LocalServices.redis().uri()).connect();
    store = new RecordingStore(redis.sync(), json, Clock.systemUTC());
  }

  @AfterEach
  void heal() {
    proxy.pass();
  }

  @AfterAll
  void close() {
    proxy.close();
    if (function != null) {
      function.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private HttpCalls calls() {
    return new HttpCalls(base, json);
  }

  /** Every job message on the subscription, by recording id. */
  private Map<String, Integer> queuedMessages(Duration wait) {
    List<ReceivedMessage> got =
        new ArrayList<>(services.pubsub.pull(services.subscription, 100, wait));
    return got.stream()
        .collect(
            Collectors.toMap(
                m -> m.getMessage().getAttributesMap().get("recordingId"), m -> 1, Integer::sum));
  }

  private void assertOneRecordingPerConferenceAndNoPhantom(
      String conf, String id, Map<String, Integer> messages) {
    List<RecordingRecord> records = store.listByConference(CLIENT, conf, 10, null).records();
    assertThat(records).extracting(RecordingRecord::id).containsExactly(id);
    assertThat(records.getFirst().clientId()).isEqualTo(CLIENT);
    assertThat(records.getFirst().state()).isEqualTo(RecordingState.QUEUED);
    // Messages for this conference carry only that id (once, or twice after a republish: the
    // recorder claims by id and records it once).
    Set<String> known = messages.keySet();
    for (String messageId : known) {
      assertThat(store.find(messageId))
          .as("a queued job %s has its client's record", messageId)
          .hasValueSatisfying(r -> assertThat(r.clientId()).isEqualTo(CLIENT));
    }
    assertThat(messages).containsKey(id);
  }

  /**
   * A client's retry loop: the same request until it is accepted. After dropped connections the
   * gRPC channel reconnects with backoff, so the first retries may still answer 503 (or 409
   * in_progress while an ambiguous publish is settling); each must be a problem document.
   */
  private Reply retryUntilAccepted(String conf, Map<String, String> key)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Reply reply = calls().signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
      boolean later = reply.status() == 503 || "in_progress".equals(reply.code());
      if (!later || System.nanoTime() > deadline) {
        return reply;
      }
      assertThat(reply.contentType()).startsWith("application/problem+json");
      Thread.sleep(1000);
    }
  }

  @Test
  void stalledPublishThatTimesOutIsPublishedOnTheRetryAsTheSameRecording() throws Exception {
    String conf = "conf-stall-" + System.nanoTime();
    Map<String, String> key = Map.of("Idempotency-Key", "k-" + conf);
    proxy.stall();

    Reply first = calls().signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
    assertThat(first.status()).isEqualTo(503);
    // The stalled bytes now reach the emulator: it may accept the first publish after all.
    proxy.pass();
    Reply retry = retryUntilAccepted(conf, key);

    assertThat(retry.status()).isEqualTo(202);
    String id = (String) retry.json().get("id");
    assertThat(store.publication(id)).contains(RecordingStore.PUBLISHED);
    assertOneRecordingPerConferenceAndNoPhantom(conf, id, queuedMessages(Duration.ofSeconds(5)));
  }

  @Test
  void droppedConnectionsAnswer503AndTheRetryQueuesTheSameRecordingOnce() throws Exception {
    String conf = "conf-drop-" + System.nanoTime();
    Map<String, String> key = Map.of("Idempotency-Key", "k-" + conf);
    proxy.drop();

    Reply first = calls().signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
    Reply again = calls().signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);
    assertThat(first.status()).isEqualTo(503);
    assertThat(again.status()).isEqualTo(503);
    proxy.pass();
    Reply retry = retryUntilAccepted(conf, key);

    assertThat(retry.status()).isEqualTo(202);
    String id = (String) retry.json().get("id");
    assertOneRecordingPerConferenceAndNoPhantom(conf, id, queuedMessages(Duration.ofSeconds(5)));
  }

  @Test
  void sameKeyRetryWhileTheFirstIsStillPublishingGets409InProgressNeverA202() throws Exception {
    String conf = "conf-inflight-" + System.nanoTime();
    Map<String, String> key = Map.of("Idempotency-Key", "k-" + conf);
    proxy.stall();
    CompletableFuture<Reply> first =
        CompletableFuture.supplyAsync(
            () -> calls().signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key));
    // Wait for the first request's record to exist: its publish is now stalled.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (store.listByConference(CLIENT, conf, 10, null).records().isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    Reply during = calls().signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody(conf), key);

    assertThat(during.status()).isEqualTo(409);
    assertThat(during.code()).isEqualTo("in_progress");
    assertThat(during.contentType()).startsWith("application/problem+json");
    assertThat(first.get().status()).isEqualTo(503);
    proxy.pass();
    Reply after = retryUntilAccepted(conf, key);
    assertThat(after.status()).isEqualTo(202);
    String id = (String) after.json().get("id");
    assertOneRecordingPerConferenceAndNoPhantom(conf, id, queuedMessages(Duration.ofSeconds(5)));
  }
}
