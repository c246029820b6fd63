package io.meetrec.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meetrec.logs.local.LocalQueryEngine;
import io.meetrec.logs.local.SinkRows;
import io.meetrec.logs.query.SavedQueries;
import io.meetrec.logs.query.SavedQuery;
import io.meetrec.shared.logging.LogSinkSchema.SinkTable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Executes every saved query with ZetaSQL over the rows a sink would hold for {@link FleetLogFile},
 * a log file written by the real emitter and encoder, and checks the results.
 */
class LocalQueriesTest {

  private static final SavedQueries QUERIES = SavedQueries.load();
  private static SinkRows rows;
  private static LocalQueryEngine engine;

  @BeforeAll
  static void loadFleetLog() throws IOException {
    rows = new SinkRows().addLines(Files.readAllLines(FleetLogFile.get()));
    engine = new LocalQueryEngine(rows, QUERIES);
  }

  private static List<Map<String, Object>> run(String name) {
    return engine.execute(QUERIES.find(name).orElseThrow()).asMaps();
  }

  private static Map<String, Object> only(List<Map<String, Object>> rows) {
    assertThat(rows).hasSize(1);
    return rows.getFirst();
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  @Test
  void routesRecorderLinesToTheGkeTableAndFunctionLinesToTheCloudRunTable() {
    assertThat(rows.rows(SinkTable.CONTAINER_STDOUT)).hasSizeGreaterThan(20);
    assertThat(rows.rows(SinkTable.RUN_STDOUT)).hasSize(11);
  }

  @Test
  void eventsViewCarriesTheMdcRecordingIdOnPlainLines() {
    List<Map<String, Object>> events = run(SavedQueries.EVENTS_VIEW);
    assertThat(events)
        .filteredOn(e -> "recording.started".equals(e.get("event")))
        .extracting(e -> e.get("recordingId"))
        .containsExactlyInAnyOrder("rec-1", "rec-2", "rec-6");
    assertThat(events)
        .filteredOn(e -> "rec-1".equals(e.get("recordingId")))
        .extracting(e -> e.get("pod"))
        .contains("recorder-a");
  }

  @Test
  void recordingsPerDayCountsOutcomesWithTheirLatencies() {
    Map<String, Object> completed =
        only(
            run("recordings_per_day").stream()
                .filter(r -> r.get("outcome").equals("completed"))
                .toList());
    assertThat(completed.get("recordings")).isEqualTo(2L);
    assertThat(number(completed.get("avg_queue_latency_ms"))).isEqualTo(1600);
    assertThat(number(completed.get("avg_start_latency_ms"))).isEqualTo(3200);
    assertThat(number(completed.get("recorded_hours"))).isCloseTo(0.667, within(0.001));
    assertThat(run("recordings_per_day"))
        .extracting(r -> r.get("outcome"), r -> r.get("recordings"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("completed", 2L),
            org.assertj.core.groups.Tuple.tuple("expired", 1L),
            org.assertj.core.groups.Tuple.tuple("failed", 2L));
  }

  @Test
  void failureRateByErrorCodeIsOverAllEndedRecordings() {
    List<Map<String, Object>> result = run("failure_rate_by_error_code");
    assertThat(result)
        .extracting(r -> r.get("error_code"))
        .containsExactlyInAnyOrder("browser_crashed", "meeting_unreachable");
    for (Map<String, Object> row : result) {
      assertThat(row.get("failures")).isEqualTo(1L);
      assertThat(row.get("recordings")).isEqualTo(5L);
      assertThat(number(row.get("failure_rate"))).isEqualTo(0.2);
    }
  }

  @Test
  void failureRateByRecorderVersion() {
    List<Map<String, Object>> result = run("failure_rate_by_recorder_version");
    assertThat(result)
        .extracting(
            r -> r.get("recorder_version"), r -> r.get("recordings"), r -> r.get("failures"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1.0.0", 2L, 0L),
            org.assertj.core.groups.Tuple.tuple("1.1.0", 3L, 2L));
    assertThat(number(result.get(1).get("failure_rate"))).isCloseTo(0.6667, within(0.0001));
  }

  @Test
  void exactLatencyPercentilesUseNearestRank() {
    Map<String, Object> day = only(run("latency_percentiles_exact"));
    assertThat(day.get("recordings")).isEqualTo(3L);
    assertThat(day)
        .containsEntry("queue_p50_ms", 1200L)
        .containsEntry("queue_p95_ms", 2000L)
        .containsEntry("queue_p99_ms", 2000L)
        .containsEntry("start_p50_ms", 3000L)
        .containsEntry("start_p95_ms", 3400L)
        .containsEntry("start_p99_ms", 3400L);
  }

  @Test
  void approximateLatencyPercentilesAreRefusedLocallyWithAPointerToTheExactVariant() {
    SavedQuery approximate = QUERIES.find("latency_percentiles").orElseThrow();
    assertThatThrownBy(() -> engine.execute(approximate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exact variant");
  }

  @Test
  void availableRecordersTakesEachPodsLastReport() {
    Map<String, Object> window = only(run("available_recorders"));
    assertThat(window)
        .containsEntry("pods", 2L)
        .containsEntry("available_pods", 1L)
        .containsEntry("slots", 2L)
        .containsEntry("free_slots", 1L);
    assertThat(number(window.get("available_ratio"))).isEqualTo(0.5);
  }

  @Test
  void webhookDeliveryCountsRetriesAndDrops() {
    Map<String, Object> day = only(run("webhook_delivery"));
    assertThat(day)
        .containsEntry("events", 3L)
        .containsEntry("attempts", 4L)
        .containsEntry("delivered", 2L)
        .containsEntry("max_attempt", 2L)
        .containsEntry("p95_latency_ms", 300L)
        .containsEntry("max_latency_ms", 300L);
    assertThat(number(day.get("success_rate"))).isCloseTo(0.6667, within(0.0001));
    assertThat(number(day.get("attempts_per_event"))).isCloseTo(1.33, within(0.001));
    assertThat(number(day.get("avg_latency_ms"))).isEqualTo(190);
  }

  @Test
  void recordedHoursAndCostPerConference() {
    List<Map<String, Object>> result = run("recorded_hours_per_conference");
    assertThat(result).extracting(r -> r.get("conference_id")).containsExactly("conf-A", "conf-C");
    Map<String, Object> conferenceA = result.getFirst();
    assertThat(conferenceA.get("recordings")).isEqualTo(2L);
    assertThat(number(conferenceA.get("recorded_hours"))).isCloseTo(1860 / 3600.0, within(1e-4));
    assertThat(number(conferenceA.get("cpu_hours"))).isCloseTo(940 / 3600.0, within(1e-4));
    double usdPerVcpuHour = 0.021811;
    assertThat(number(conferenceA.get("usd_per_recorded_hour")))
        .isCloseTo(940.0 / 1860 * usdPerVcpuHour, within(1e-6));
    assertThat(number(result.get(1).get("usd_per_recorded_hour")))
        .isCloseTo(0.5 * usdPerVcpuHour, within(1e-6));
  }

  @Test
  void expiredMalformedAndDeadLetteredRequests() {
    List<Map<String, Object>> result = run("expired_and_dead_lettered");
    assertThat(result)
        .extracting(r -> r.get("reason"), r -> r.get("recording_id"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("expired", "rec-4"),
            org.assertj.core.groups.Tuple.tuple("malformed", null),
            org.assertj.core.groups.Tuple.tuple("dead_lettered", "rec-5"));
    assertThat(result)
        .filteredOn(r -> "dead_lettered".equals(r.get("reason")))
        .first()
        .satisfies(
            r -> {
              assertThat(r.get("delivery_attempt")).isEqualTo(5L);
              assertThat(r.get("error_code")).isEqualTo("no_free_slot");
            });
  }
}
