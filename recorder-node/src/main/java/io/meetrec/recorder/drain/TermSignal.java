package io.meetrec.recorder.drain;

import io.micronaut.context.ApplicationContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM into a drain. The JVM's default SIGTERM handling runs the shutdown hooks at once,
 * which would close the context under the running sessions; instead the drain runs first and the
 * process exits (running the hooks) only when the sessions are done or the grace period is over.
 * SIGINT keeps the default: a developer's Ctrl-C stops at once.
 */
public final class TermSignal {

  private static final Logger LOG = LoggerFactory.getLogger(TermSignal.class);

  private static final AtomicBoolean started = new AtomicBoolean();

  private TermSignal() {}

  public static void drainOnTerm(ApplicationContext context) {
    Signal.handle(
        new Signal("TERM"),
        signal -> {
          if (!started.compareAndSet(false, true)) {
            return;
          }
          Drain drain = context.getBean(Drain.class);
          Thread t =
              new Thread(
                  () -> {
                    try {
                      drain.drainAndWait("SIGTERM");
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    } finally {
                      LOG.info("exiting after drain");
                      System.exit(0);
                    }
                  },
                  "drain-on-term");
          t.start();
        });
  }
}
