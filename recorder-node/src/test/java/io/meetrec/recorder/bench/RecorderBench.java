package io.meetrec.recorder.bench;

import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.testing.meeting.DemoMeeting;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Queue latency (publish → claim) and start latency (claim → recording, i.e. first frame) of a
 * recorder with one warm slot and the real media pipeline, over N short jobs published one after
 * the other to the Pub/Sub emulator. Run with {@code bin/bench-recorder [jobs] [seconds]}.
 *
 * <p>Queue latency here is what an idle recorder adds: the pull poll interval (500 ms, the default)
 * plus the claim; a backlog adds waiting for a slot on top.
 */
public final class RecorderBench {

  private RecorderBench() {}

  public static void main(String[] args) throws Exception {
    // The recorder's JSON log lines would bury the figures.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    RecorderFixture world = new RecorderFixture();
    Map<String, Object> props = new HashMap<>(world.properties("bench-recorder"));
    props.put("meetrec.recorder.job.poll-every", "500ms");
    props.put("meetrec.recorder.media.slots", "1");
    props.put("meetrec.recorder.media.first-display", "201");
    props.put("meetrec.recorder.media.first-debug-port", "9321");
    props.put("meetrec.recorder.media.work-dir", world.root.resolve("slots").toString());
    props.put("micronaut.server.port", "-1");
    List<Long> queue = new ArrayList<>();
    List<Long> start = new ArrayList<>();
    try (DemoMeeting meeting = DemoMeeting.start();
        ApplicationContext ctx =
            ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext()) {
      JsonMapper json = ctx.getBean(JsonMapper.class);
      RecordingStore store = ctx.getBean(RecordingStore.class);
      // The first job also waits for the slot's warm-up; it is not counted.
      for (int i = -1; i < jobs; i++) {
        RecordingJob job = world.job(meeting.url("participants=3").toString(), seconds);
        Instant published = Instant.now();
        world.publish(json, job);
        RecorderFixture.await(
            Duration.ofSeconds(120),
            job.recordingId() + " to complete",
            () -> store.find(job.recordingId()).map(r -> r.state().isTerminal()).orElse(false));
        RecordingRecord r = store.find(job.recordingId()).orElseThrow();
        if (r.state() != RecordingState.COMPLETED) {
          throw new IllegalStateException(
              job.recordingId() + " ended " + r.state() + ": " + r.error());
        }
        if (i >= 0) {
          queue.add(Duration.between(published, r.claimedAt()).toMillis());
          start.add(Duration.between(r.claimedAt(), r.startedAt()).toMillis());
          System.out.printf(
              "job %2d: queue %5d ms, start %5d ms%n", i + 1, queue.getLast(), start.getLast());
        }
      }
    }
    System.out.printf(
        "%nrecorder bench: %d jobs of %d s, 1 warm slot, real media%n", jobs, seconds);
    System.out.printf(
        "queue latency (publish → claim):  p50 %5d ms  p95 %5d ms%n", p(queue, 50), p(queue, 95));
    System.out.printf(
        "start latency (claim → recording): p50 %5d ms  p95 %5d ms%n", p(start, 50), p(start, 95));
    System.exit(0);
  }

  /** Nearest-rank percentile. */
  static long p(List<Long> values, int percentile) {
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
