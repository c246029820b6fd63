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
 * Ready means "could take a job now": not draining and at least one healthy free slot. A full pod
 * is not ready on purpose: the fleet's "% available recorder agents" is the share of ready pods.
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
    boolean ready = !drain.isDraining() && free > 0;
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
