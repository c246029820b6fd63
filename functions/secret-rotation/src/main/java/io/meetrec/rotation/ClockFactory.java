package io.meetrec.rotation;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The wall clock, replaceable in tests that step through rotation intervals. */
@Factory
class ClockFactory {

  @Singleton
  @Requires(missingBeans = Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }
}
