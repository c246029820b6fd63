package io.meetrec.recorder.session;

import io.meetrec.recorder.job.JobConfiguration;
import io.meetrec.recorder.media.MeetingCapture;
import io.meetrec.recorder.media.SlotCapture;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the slots' displays, sound servers and browsers right after start-up, so the first job's
 * join is a navigation. Runs in the background: a slot being warmed still counts as free, so the
 * puller takes a job for it and that job's start waits until the slot is ready (see {@link
 * SlotCapture}). A recorder that takes no jobs (a reaper-only node) never starts a browser.
 */
@Singleton
@Requires(property = JobConfiguration.PREFIX + ".enabled", notEquals = "false")
public class CaptureWarmUp implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(CaptureWarmUp.class);

  private final MeetingCapture capture;

  public CaptureWarmUp(MeetingCapture capture) {
    this.capture = capture;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    if (capture instanceof SlotCapture slots) {
      Thread t =
          new Thread(
              () -> {
                try {
                  slots.warmUp();
                  LOG.info("{} slot(s) warmed up", slots.capacity());
                } catch (RuntimeException e) {
                  LOG.warn("warm-up failed; slots start on first use: {}", e.getMessage());
                }
              },
              "capture-warm-up");
      t.setDaemon(true);
      t.start();
    }
  }
}
