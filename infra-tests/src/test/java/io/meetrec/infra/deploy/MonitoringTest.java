package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.deploy.TfTree.Mod;
import io.meetrec.infra.hcl.Body;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclValue;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Log-based metrics read fields the log contract declares, with the type the metric needs (a
 * distribution needs a number, never a JSON boolean); every alert reads a metric that exists and
 * notifies a channel; the alerts the operators rely on exist.
 */
class MonitoringTest {

  /** Built-in metric types the alerts may use, with their monitored resource. */
  static final Map<String, String> BUILT_IN =
      Map.of(
          "pubsub.googleapis.com/subscription/oldest_unacked_message_age", "pubsub_subscription",
          "pubsub.googleapis.com/subscription/num_undelivered_messages", "pubsub_subscription",
          "run.googleapis.com/request_count", "cloud_run_revision",
          "redis.googleapis.com/stats/memory/usage_ratio", "redis_instance");

  private static final Pattern FIELD = Pattern.compile("jsonPayload\\.(\\w+)");
  private static final Pattern EVENT =
      Pattern.compile("jsonPayload\\.event\\s*=\\s*\\\\?\"([a-z._]+)\\\\?\"");

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void logMetricExtractorsMatchTheLogContract(String env) {
    TfTree tree = TfTree.environment(env);
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<Mod, Block> r : ClusterAndNetworkTest.of(tree, "google_logging_metric")) {
      Body metric = r.getValue().body();
      String name = r.getValue().label(1);
      String filter = text(metric, "filter");
      List<LogEvent> events = new ArrayList<>();
      Matcher e = EVENT.matcher(filter);
      while (e.find()) {
        Optional<LogEvent> event = LogEvent.fromEventName(e.group(1));
        event.ifPresentOrElse(events::add, () -> wrong.add(name + ": unknown event in filter"));
      }
      String valueType = literal(metric.blocks("metric_descriptor").get(0).body(), "value_type");
      String extractor = text(metric, "value_extractor");
      if ("DISTRIBUTION".equals(valueType)) {
        Matcher f = FIELD.matcher(extractor);
        if (!f.find()) {
          wrong.add(name + ": distribution without a jsonPayload value extractor");
        } else {
          LogField field = field(f.group(1));
          if (field == null) {
            wrong.add(name + ": " + f.group(1) + " is no field of the log contract");
          } else if (field.kind() != LogField.Kind.INTEGER
              && field.kind() != LogField.Kind.DECIMAL) {
            wrong.add(name + ": extracts " + field.key() + " (" + field.kind() + "), not a number");
          } else if (events.isEmpty() || !events.stream().allMatch(ev -> ev.allows(field))) {
            wrong.add(name + ": the filtered events do not carry " + field.key());
          }
        }
      }
      String labels = text(metric, "label_extractors");
      Matcher l = FIELD.matcher(labels);
      while (l.find()) {
        if (field(l.group(1)) == null && !Set.of("event", "message").contains(l.group(1))) {
          wrong.add(name + ": label from unknown field " + l.group(1));
        }
      }
    }
    assertThat(wrong).as("log-based metrics in %s", env).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everyAlertReadsAnExistingMetricAndNotifiesAChannel(String env) {
    TfTree tree = TfTree.environment(env);
    Mod monitoring = tree.module("monitoring");
    Set<String> userMetrics =
        monitoring.resources("google_logging_metric").stream()
            .map(b -> b.label(1))
            .collect(Collectors.toSet());
    List<String> wrong = new ArrayList<>();
    List<Block> alerts = monitoring.resources("google_monitoring_alert_policy");
    assertThat(alerts).isNotEmpty();
    for (Block alert : alerts) {
      String name = alert.label(1);
      String channels =
          alert.body().attribute("notification_channels").map(a -> a.value().text()).orElse("");
      if (!channels.contains("google_monitoring_notification_channel")) {
        wrong.add(
            name + ": notification_channels does not include the created channels: " + channels);
      }
      for (Block condition : alert.body().blocks("conditions")) {
        for (Block threshold : condition.body().blocks("condition_threshold")) {
          for (String attr : List.of("filter", "denominator_filter")) {
            threshold
                .body()
                .attribute(attr)
                .ifPresent(
                    a -> {
                      String filter = HclValue.text(a.value().tokens());
                      Matcher user =
                          Pattern.compile(
                                  "logging\\.googleapis\\.com/user/\\$\\{google_logging_metric\\.(\\w+)\\.name}")
                              .matcher(filter);
                      Matcher type =
                          Pattern.compile("metric\\.type=\\\\\"([^\\\\\"$]+)\\\\\"")
                              .matcher(filter);
                      if (user.find()) {
                        if (!userMetrics.contains(user.group(1))) {
                          wrong.add(name + ": metric " + user.group(1) + " is not defined");
                        }
                      } else if (!type.find() || !BUILT_IN.containsKey(type.group(1))) {
                        wrong.add(name + ": " + attr + " names no known metric: " + filter);
                      }
                    });
          }
        }
      }
    }
    List<Block> created = monitoring.resources("google_monitoring_notification_channel");
    assertThat(created).as("notification channels created from variables").isNotEmpty();
    assertThat(wrong).as("alerts in %s", env).isEmpty();
  }

  /** The alerts the operations guide promises, each able to fire. */
  @ParameterizedTest
  @MethodSource("environments")
  void theAlertsOperatorsNeedExist(String env) {
    TfTree tree = TfTree.environment(env);
    Mod monitoring = tree.module("monitoring");
    // The dead-letter and working subscriptions the for_each alerts iterate are locals.
    String locals =
        monitoring.all("locals").stream()
            .map(b -> bodyText(b.body()))
            .collect(Collectors.joining("\n"));
    String all =
        locals
            + monitoring.resources("google_monitoring_alert_policy").stream()
                .map(b -> b.label(1) + ": " + bodyText(b.body()))
                .collect(Collectors.joining("\n"));
    String metrics =
        monitoring.resources("google_logging_metric").stream()
            .map(b -> b.label(1) + ": " + bodyText(b.body()))
            .collect(Collectors.joining("\n"));
    assertThat(metrics)
        .as("failed recordings are counted whatever their severity")
        .contains("recording.failed");
    assertThat(all).as("a failure-rate alert (ratio)").contains("denominator_filter");
    for (String deadLetter :
        List.of("recording-requests-dead-letter-sub", "recording-events-dead-letter-sub")) {
      assertThat(all).as("dead-letter backlog alert on %s", deadLetter).contains(deadLetter);
    }
    assertThat(all).as("function errors").contains("cloud_run_revision");
    assertThat(all).as("oldest unacked").contains("oldest_unacked_message_age");
    assertThat(all).as("availability").contains("availability");
  }

  private static LogField field(String key) {
    return Arrays.stream(LogField.values())
        .filter(f -> f.key().equals(key))
        .findFirst()
        .orElse(null);
  }

  private static String text(Body body, String attribute) {
    return body.attribute(attribute).map(a -> HclValue.text(a.value().tokens())).orElse("");
  }

  private static String literal(Body body, String attribute) {
    return body.attribute(attribute).map(a -> a.value().stringLiteral()).orElse(null);
  }

  static String bodyText(Body body) {
    StringBuilder sb = new StringBuilder();
    body.attributes()
        .forEach(
            a ->
                sb.append(a.name())
                    .append('=')
                    .append(HclValue.text(a.value().tokens()))
                    .append('\n'));
    body.blocks()
        .forEach(b -> sb.append(b.type()).append('{').append(bodyText(b.body())).append("}\n"));
    return sb.toString();
  }
}
