package io.meetrec.recorder.health;

import io.meetrec.recorder.drain.Drain;
import io.meetrec.recorder.session.SessionManager;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Ready means "up and serving": not draining, and at least one slot warmed up, free or recording. A
 * busy pod stays ready: Kubernetes deletes not-ready pods first when it scales in, and a rollout
 * counts not-ready pods as unavailable, so tying readiness to "busy" would remove exactly the pods
 * that are recording. Busy is reported by the metrics, the availability log and the pod's
 * annotations (recorder/cluster).
 */
@Singleton
@Readiness
public class RecorderReadiness implements HealthIndicator {

  private final Drain drain;
  private final SessionManager sessions;

  public RecorderReadiness(Drain drain, SessionManager sessions) {
    this.drain = drain;
    this.sessions = sessions;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    int free = sessions.freeSlots();
    boolean ready = !drain.isDraining() && (free > 0 || sessions.activeCount() > 0);
    return Publishers.just(
        HealthResult.builder("recorder", ready ? HealthStatus.UP : HealthStatus.DOWN)
            .details(
                Map.of(
                    "draining", drain.isDraining(),
                    "sessions", sessions.activeCount(),
                    "freeSlots", free,
                    "capacity", sessions.capacity()))
            .build());
  }
}
