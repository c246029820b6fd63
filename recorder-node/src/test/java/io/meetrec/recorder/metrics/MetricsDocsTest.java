package io.meetrec.recorder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.recorder.session.SessionManager;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.testing.docs.DocTable;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The recorder README's metrics table is what {@code /prometheus} exposes: every family of the
 * recorder's own meters with its type, labels and help text.
 */
class MetricsDocsTest {

  private static final Pattern TYPE = Pattern.compile("# TYPE (meetrec_\\S+) (\\S+)");
  private static final Pattern HELP = Pattern.compile("# HELP (meetrec_\\S+) (.*)");

  @Test
  void readmeListsEveryRecorderMetricAsPrometheusExposesIt() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RecorderMetrics metrics = new RecorderMetrics(registry);
    new SlotGauges(registry, idleSessions());
    // meters registered on first use
    metrics.queueLatency(Duration.ofMillis(5));
    metrics.error(ErrorCode.CAPTURE_FAILED);
    metrics.ended(RecordingState.COMPLETED, "max_duration");
    metrics.handedBack("draining");
    metrics.takenOver();

    List<List<String>> expected = families(registry.scrape());

    assertThat(
            DocTable.rows(DocTable.repository().resolve("recorder-node/README.md"), "### Metrics"))
        .as(
            "recorder-node/README.md, 'Metrics', should read:%n%s",
            expected.stream().map(DocTable::line).collect(Collectors.joining("\n")))
        .isEqualTo(expected);
  }

  /** Rows of name, type, labels, help, one per meetrec family, in exposition order. */
  private static List<List<String>> families(String exposition) {
    Map<String, String[]> byName = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      Matcher help = HELP.matcher(line);
      Matcher type = TYPE.matcher(line);
      if (help.matches()) {
        byName.computeIfAbsent(help.group(1), n -> new String[2])[1] = help.group(2);
      } else if (type.matches()) {
        byName.computeIfAbsent(type.group(1), n -> new String[2])[0] = type.group(2);
      }
    }
    List<List<String>> rows = new ArrayList<>();
    byName.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                rows.add(
                    List.of(
                        "`" + e.getKey() + "`",
                        e.getValue()[0],
                        labels(exposition, e.getKey()),
                        e.getValue()[1])));
    return rows;
  }

  /** The label names of a family's samples, except the histogram's {@code le}. */
  private static String labels(String exposition, String family) {
    TreeSet<String> names = new TreeSet<>();
    Matcher sample = Pattern.compile("(?m)^" + family + "\\w*\\{([^}]*)}").matcher(exposition);
    while (sample.find()) {
      for (String pair : sample.group(1).split(",")) {
        String name = pair.split("=")[0].strip();
        if (!name.isEmpty() && !name.equals("le")) {
          names.add("`" + name + "`");
        }
      }
    }
    return String.join(", ", names);
  }

  /**
   * A session manager with no session and no capacity, only to give the slot gauges a source. It is
   * built through its one constructor from stand-ins (interfaces answer zeros, records are made of
   * stand-ins), so this test does not depend on how sessions are wired.
   */
  private static SessionManager idleSessions() throws Exception {
    Constructor<?> constructor = SessionManager.class.getConstructors()[0];
    return (SessionManager) constructor.newInstance(standIns(constructor.getParameterTypes(), 2));
  }

  private static Object[] standIns(Class<?>[] types, int depth) throws Exception {
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      values[i] = standIn(types[i], depth);
    }
    return values;
  }

  private static Object standIn(Class<?> type, int depth) throws Exception {
    if (type.isInterface()) {
      return Proxy.newProxyInstance(
          type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> zero(method));
    }
    if (type.isRecord() && depth > 0) {
      Class<?>[] components =
          Arrays.stream(type.getRecordComponents())
              .map(RecordComponent::getType)
              .toArray(Class<?>[]::new);
      return type.getDeclaredConstructor(components).newInstance(standIns(components, depth - 1));
    }
    return type.isPrimitive() ? zero(type) : null;
  }

  private static Object zero(Method method) {
    return method.getName().equals("toString") ? "stand-in" : zero(method.getReturnType());
  }

  private static Object zero(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    return null;
  }
}
