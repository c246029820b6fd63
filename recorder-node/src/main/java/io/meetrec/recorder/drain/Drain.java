package io.meetrec.recorder.drain;

import io.meetrec.recorder.session.SessionManager;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's way out: once draining it pulls no more jobs and reports not ready, and the
 * sessions it has run to their natural end (the Teams bot's halt_termination). Started by the
 * preStop hook ({@code /drain}) or by SIGTERM ({@link TermSignal}); both wait for the sessions up
 * to the grace period.
 */
@Singleton
public class Drain {

  private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

  private final SessionManager sessions;
  private final DrainConfiguration config;
  private volatile boolean draining;

  public Drain(SessionManager sessions, DrainConfiguration config) {
    this.sessions = sessions;
    this.config = config;
  }

  public boolean isDraining() {
    return draining;
  }

  public void begin(String why) {
    if (!draining) {
      draining = true;
      LOG.info("draining ({}): no new jobs; {} session(s) to finish", why, sessions.activeCount());
    }
  }

  /** Begins draining and blocks until no session runs or the grace period ends; true if idle. */
  public boolean drainAndWait(String why) throws InterruptedException {
    begin(why);
    boolean idle = sessions.awaitIdle(config.gracePeriod());
    if (idle) {
      LOG.info("drained: no session running");
    } else {
      LOG.warn("grace period over with {} session(s) still running", sessions.activeCount());
    }
    return idle;
  }
}
