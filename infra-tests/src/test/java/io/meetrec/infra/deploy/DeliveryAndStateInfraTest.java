package io.meetrec.infra.deploy;

import static io.meetrec.infra.deploy.MonitoringTest.bodyText;
import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.deploy.TfTree.Mod;
import io.meetrec.infra.hcl.Body.Block;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the webhook retry schedule and the bounded Redis state need from the environment: a clock
 * that sends due deliveries (the ledger retries only when something calls {@code /redeliver}), and
 * a Memorystore that refuses writes when full instead of evicting nonces, idempotency keys and
 * leases, with an alert before it gets there.
 */
class DeliveryAndStateInfraTest {

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void dueWebhookDeliveriesAreSentEveryMinuteWithThePushIdentity(String env) {
    Mod root = TfTree.environment(env).module("meetrec-environment");
    Block job = root.resource("google_cloud_scheduler_job", "webhook_redelivery").orElseThrow();
    String body = bodyText(job.body());
    assertThat(body)
        .contains("\"* * * * *\"")
        .contains("/redeliver")
        .contains("oidc_token")
        .contains("local.emails[\"events_push\"]")
        .contains("audience");
  }

  @ParameterizedTest
  @MethodSource("environments")
  void memorystoreNeverEvictsAndItsMemoryIsWatched(String env) {
    TfTree tree = TfTree.environment(env);
    Block redis = tree.module("redis").resource("google_redis_instance", "main").orElseThrow();
    assertThat(bodyText(redis.body())).contains("maxmemory-policy").contains("\"noeviction\"");
    String alerts =
        tree.module("monitoring").resources("google_monitoring_alert_policy").stream()
            .map(b -> bodyText(b.body()))
            .reduce("", String::concat);
    assertThat(alerts).contains("redis.googleapis.com/stats/memory/usage_ratio");
  }
}
