package io.meetrec.recorder.metrics;

import io.meetrec.recorder.session.SessionManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/** Sessions, free slots and "available" (0/1, the fleet's % available agents) as gauges. */
@Context
public class SlotGauges {

  public SlotGauges(MeterRegistry registry, SessionManager sessions) {
    Gauge.builder("meetrec.recorder.sessions", sessions, s -> s.activeCount())
        .description("Recordings running on this recorder")
        .register(registry);
    Gauge.builder("meetrec.recorder.free.slots", sessions, s -> s.freeSlots())
        .description("Slots that could take a job now")
        .register(registry);
    Gauge.builder("meetrec.recorder.available", sessions, s -> s.freeSlots() > 0 ? 1 : 0)
        .description("1 when this recorder could take a job now")
        .register(registry);
    Gauge.builder("meetrec.recorder.capacity", sessions, s -> s.capacity())
        .description("Slots configured")
        .register(registry);
  }
}
