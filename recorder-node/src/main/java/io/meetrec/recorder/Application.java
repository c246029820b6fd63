package io.meetrec.recorder;

import io.meetrec.recorder.drain.TermSignal;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/** The recorder node: pulls recording jobs and records them in its slots. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    ApplicationContext context = Micronaut.run(Application.class, args);
    TermSignal.drainOnTerm(context);
  }
}
