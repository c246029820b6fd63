package io.meetrec.intake.recordings;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.OTHER_CLIENT;
import static io.meetrec.intake.IntakeTestServices.OTHER_SECRET;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static io.meetrec.intake.IntakeTestServices.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meetrec.intake.HttpCalls;
import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.intake.IntakeTestServices;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.LocalServices;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conference list is one client's own, paged: two clients recording the same {@code
 * conferenceId} never see or push out each other's recordings, and the pages walk every recording
 * exactly once, also where many were created in the same millisecond (real redis-server).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConferenceListIT implements TestPropertyProvider {

  private final IntakeTestServices services = new IntakeTestServices();

  @Inject EmbeddedServer server;
  @Inject JsonMapper json;

  private HttpCalls calls;
  private StatefulRedisConnection<String, String> connection;

  @Override
  public Map<String, String> getProperties() {
    return services.properties();
  }

  @BeforeAll
  void connect() {
    calls = new HttpCalls(server.getURI(), json);
    connection = RedisClient.create(LocalServices.redis().uri()).connect();
  }

  private final List<String[]> seeded = new ArrayList<>();

  @AfterAll
  void close() {
    // Seeded records are queued: take them out of the shared queue index again.
    RecordingStore store = new RecordingStore(connection.sync(), json, Clock.systemUTC());
    seeded.forEach(s -> store.delete(s[0], s[1], s[2]));
    connection.close();
  }

  /** {@code count} recordings of {@code clientId}, 40 of each millisecond from {@code start}. */
  private List<String> seed(String clientId, String conf, int count, Instant start) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = start.plusMillis(i / 40);
      RecordingStore store =
          new RecordingStore(connection.sync(), json, Clock.fixed(at, ZoneOffset.UTC));
      String id = "rec_" + UUID.randomUUID().toString().replace("-", "");
      store.create(
          new RecordingJob(
              RecordingJob.SCHEMA_VERSION,
              id,
              "https://8.8.8.8/m",
              conf,
              600,
              null,
              true,
              null,
              Map.of(),
              at,
              at.plusSeconds(600)),
          clientId);
      ids.add(id);
      seeded.add(new String[] {id, clientId, conf});
    }
    return ids;
  }

  private record Page(List<String> ids, String next) {}

  @SuppressWarnings("unchecked")
  private Page page(String client, Secret secret, String query) {
    Reply reply = calls.signed(client, secret, "GET", "/v1/recordings?" + query, null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<Map<String, Object>> recordings =
        (List<Map<String, Object>>) reply.json().get("recordings");
    return new Page(
        recordings.stream().map(r -> (String) r.get("id")).toList(),
        (String) reply.json().get("nextPageToken"));
  }

  private List<String> walk(String client, Secret secret, String conf, int pageSize) {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page p =
          page(
              client,
              secret,
              "conferenceId="
                  + conf
                  + "&pageSize="
                  + pageSize
                  + (token == null ? "" : "&pageToken=" + token));
      assertThat(p.ids()).hasSizeLessThanOrEqualTo(pageSize);
      seen.addAll(p.ids());
      token = p.next();
      assertThat(++pages).isLessThan(1000);
    } while (token != null);
    return seen;
  }

  @Test
  void pagesWalkOneHundredTwentyRecordingsExactlyOnceNewestFirst() {
    String conf = "conf-" + UUID.randomUUID().toString().substring(0, 8);
    Instant start = Instant.now().minusSeconds(60);
    List<String> mine = seed(CLIENT, conf, 120, start);

    List<String> seen = walk(CLIENT, SECRET, conf, 50);
    List<String> bySeven = walk(CLIENT, SECRET, conf, 7);

    assertThat(seen).hasSize(120).doesNotHaveDuplicates();
    assertThat(Set.copyOf(seen)).isEqualTo(Set.copyOf(mine));
    assertThat(bySeven).isEqualTo(seen);
    // Newest first: the last millisecond's 40 come before the first millisecond's.
    assertThat(seen.subList(0, 40)).containsExactlyInAnyOrderElementsOf(mine.subList(80, 120));
    assertThat(seen.subList(80, 120)).containsExactlyInAnyOrderElementsOf(mine.subList(0, 40));
  }

  @Test
  void twoClientsOnOneConferenceNeitherSeeNorDisplaceTheOther() {
    String conf = "conf-" + UUID.randomUUID().toString().substring(0, 8);
    Instant start = Instant.now().minusSeconds(60);
    List<String> mine = seed(CLIENT, conf, 30, start);
    // The other client's are newer and more than a page: once, they pushed ours out of the list.
    List<String> theirs = seed(OTHER_CLIENT, conf, 130, start.plusSeconds(1));
    Reply created =
        calls.signed(OTHER_CLIENT, OTHER_SECRET, "POST", "/v1/recordings", createBody(conf));
    assertThat(created.status()).isEqualTo(202);

    List<String> seenByMe = walk(CLIENT, SECRET, conf, 50);
    List<String> seenByThem = walk(OTHER_CLIENT, OTHER_SECRET, conf, 50);

    assertThat(seenByMe).containsExactlyInAnyOrderElementsOf(mine);
    Set<String> expectedTheirs = new HashSet<>(theirs);
    expectedTheirs.add((String) created.json().get("id"));
    assertThat(seenByThem).hasSize(131).containsExactlyInAnyOrderElementsOf(expectedTheirs);
  }

  @Test
  void aPageTokenOfAnotherQueryOrClientIsRefused() {
    String conf = "conf-" + UUID.randomUUID().toString().substring(0, 8);
    seed(CLIENT, conf, 3, Instant.now().minusSeconds(60));
    String token = page(CLIENT, SECRET, "conferenceId=" + conf + "&pageSize=1").next();
    assertThat(token).isNotNull();

    for (Reply refused :
        List.of(
            calls.signed(
                CLIENT,
                SECRET,
                "GET",
                "/v1/recordings?conferenceId=other&pageToken=" + token,
                null),
            calls.signed(
                OTHER_CLIENT,
                OTHER_SECRET,
                "GET",
                "/v1/recordings?conferenceId=" + conf + "&pageToken=" + token,
                null),
            calls.signed(
                CLIENT,
                SECRET,
                "GET",
                "/v1/recordings?conferenceId=" + conf + "&pageToken=%21",
                null),
            calls.signed(
                CLIENT,
                SECRET,
                "GET",
                "/v1/recordings?conferenceId=" + conf + "&pageSize=-1",
                null),
            calls.signed(
                CLIENT,
                SECRET,
                "GET",
                "/v1/recordings?conferenceId=" + conf + "&pageSize=ten",
                null))) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.code()).isEqualTo("invalid_field");
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }
    // Above the maximum is lowered to it, not refused (AIP-158).
    assertThat(page(CLIENT, SECRET, "conferenceId=" + conf + "&pageSize=100000").ids()).hasSize(3);
  }
}
