package io.meetrec.recorder.session;

import io.meetrec.shared.recording.RecordingJob;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slots of this recorder and the sessions in them. A session is admitted only into a slot
 * reserved for it first ({@link #reserveSlot}: the job puller before it claims, the reaper before
 * it takes a recording over), sessions only ever leave concurrently, and capture takes a slot away
 * only for a session admitted here (warm-up counts as free), so "pull at most {@link #freeSlots()}
 * messages, then admit each claimed one" neither overbooks nor finds the slot it pulled for gone.
 */
@Singleton
public class SessionManager {

  private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

  private final SessionServices services;
  private final ApplicationEventPublisher<SlotsChanged> slotEvents;
  private final Map<String, RecordingSession> sessions = new ConcurrentHashMap<>();
  private final Object idle = new Object();
  private int reserved; // guarded by this
  private final AtomicInteger threadIds = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "session-" + threadIds.incrementAndGet());
            t.setDaemon(false);
            return t;
          });

  public SessionManager(
      SessionServices services, ApplicationEventPublisher<SlotsChanged> slotEvents) {
    this.services = services;
    this.slotEvents = slotEvents;
  }

  public int capacity() {
    return services.capture().capacity();
  }

  public int activeCount() {
    return sessions.size();
  }

  /**
   * Slots that could take a job now: configured minus running and reserved, and only healthy ones.
   */
  public synchronized int freeSlots() {
    int unbooked = capacity() - sessions.size() - reserved;
    return Math.max(0, Math.min(services.capture().available(), unbooked));
  }

  /**
   * Holds a free slot for a session about to be admitted (the puller before it claims a job, the
   * reaper before it takes a recording over), so the two never count the same slot; false when none
   * is free. {@link #admit} uses the reservation up; {@link #releaseSlot} gives it back.
   */
  public synchronized boolean reserveSlot() {
    if (freeSlots() == 0) {
      return false;
    }
    reserved++;
    return true;
  }

  /** Gives back a reservation that will not be admitted (the claim or takeover did not happen). */
  public void releaseSlot() {
    synchronized (this) {
      reserved = Math.max(0, reserved - 1);
    }
    announce();
  }

  public boolean isRunning(String recordingId) {
    return sessions.containsKey(recordingId);
  }

  /** Starts recording a job this recorder has just claimed. */
  public void admit(RecordingJob job, Instant claimedAt, @Nullable Duration queueLatency) {
    admit(job, claimedAt, queueLatency, null);
  }

  /**
   * Starts recording a job this recorder has just claimed or, with {@code takeover}, the next
   * segment of a recording it has just taken over from a lost recorder.
   */
  public void admit(
      RecordingJob job,
      Instant claimedAt,
      @Nullable Duration queueLatency,
      @Nullable Takeover takeover) {
    String id = job.recordingId();
    RecordingSession session =
        new RecordingSession(job, claimedAt, queueLatency, takeover, services, () -> finished(id));
    synchronized (this) {
      reserved = Math.max(0, reserved - 1);
      sessions.put(id, session);
    }
    executor.execute(session);
    announce();
  }

  /** A stop request for a recording this recorder runs; false if it runs elsewhere. */
  public boolean requestStop(String recordingId) {
    RecordingSession s = sessions.get(recordingId);
    if (s == null) {
      return false;
    }
    s.requestStop(StopReason.STOP_REQUESTED);
    return true;
  }

  public Collection<RecordingSession> sessions() {
    return List.copyOf(sessions.values());
  }

  public List<SessionView> views() {
    return sessions.values().stream().map(RecordingSession::view).toList();
  }

  /** Blocks until no session runs or {@code timeout} passes; true when idle. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (!sessions.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
      }
    }
    return true;
  }

  private void finished(String id) {
    sessions.remove(id);
    announce();
    synchronized (idle) {
      idle.notifyAll();
    }
  }

  private void announce() {
    try {
      slotEvents.publishEvent(new SlotsChanged(sessions.size(), freeSlots(), capacity()));
    } catch (RuntimeException e) {
      // Listeners report availability; none of them may take a session down.
      LOG.warn("slot change not announced: {}", e.getMessage());
    }
  }

  /**
   * Without a drain (SIGINT, a test closing its context) running sessions are interrupted: they
   * finalize what they have and keep it, and their leases lapse to the reaper.
   */
  @PreDestroy
  void shutdown() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
  }
}
