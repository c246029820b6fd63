package io.meetrec.recorder.metrics;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.recording.RecordingState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The recorder's own meters, exported on {@code /prometheus}. Slot gauges live in {@link
 * SlotGauges}; these are the counters and latencies the lifecycle records.
 */
@Singleton
public class RecorderMetrics {

  private final MeterRegistry registry;
  private final Timer queueLatency;
  private final Timer startLatency;
  private final Counter recordedSeconds;
  private final Counter uploadBytes;
  private final Counter uploadFailures;
  private final Counter jobs;

  public RecorderMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.queueLatency =
        Timer.builder("meetrec.recorder.queue.latency")
            .description("From the job's publish time to its claim")
            .publishPercentileHistogram()
            .register(registry);
    this.startLatency =
        Timer.builder("meetrec.recorder.start.latency")
            .description("From the claim to the first encoded frame")
            .publishPercentileHistogram()
            .register(registry);
    this.recordedSeconds =
        Counter.builder("meetrec.recorder.recorded.seconds")
            .description("Media seconds recorded")
            .register(registry);
    this.uploadBytes =
        Counter.builder("meetrec.recorder.upload.bytes")
            .description("Bytes uploaded and verified")
            .register(registry);
    this.uploadFailures =
        Counter.builder("meetrec.recorder.upload.failures")
            .description("Upload attempts that failed")
            .register(registry);
    this.jobs =
        Counter.builder("meetrec.recorder.jobs.claimed")
            .description("Jobs claimed by this recorder")
            .register(registry);
  }

  public void queueLatency(Duration d) {
    queueLatency.record(d.isNegative() ? Duration.ZERO : d);
    jobs.increment();
  }

  public void startLatency(Duration d) {
    startLatency.record(d.isNegative() ? Duration.ZERO : d);
  }

  public void recorded(double seconds) {
    recordedSeconds.increment(seconds);
  }

  public void uploaded(long bytes) {
    uploadBytes.increment(bytes);
  }

  public void uploadFailed() {
    uploadFailures.increment();
  }

  /**
   * A recording ended here (this recorder's terminal transition won): by terminal state and the
   * stop reason or error code. Failures also count in {@code meetrec.recorder.errors}.
   */
  public void ended(RecordingState state, String reason) {
    Counter.builder("meetrec.recorder.recordings.ended")
        .description("Recordings this recorder ended, by terminal state and reason")
        .tag("state", state.wireName())
        .tag("reason", reason)
        .register(registry)
        .increment();
    if (state == RecordingState.FAILED) {
      errors(reason);
    }
  }

  /**
   * A pulled job handed back to Pub/Sub (deadline 0), which costs it one of its delivery attempts:
   * by reason, an error code ({@code invalid_job}, {@code store_unavailable}, ...) or {@code
   * draining}. Capacity never is one: the puller pulls only for free slots.
   */
  public void handedBack(String reason) {
    Counter.builder("meetrec.recorder.jobs.handed_back")
        .description("Pulled jobs handed back for redelivery, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** A recording whose recorder was lost was taken over here. */
  public void takenOver() {
    Counter.builder("meetrec.recorder.takeovers")
        .description("Recordings of lost recorders taken over by this recorder")
        .register(registry)
        .increment();
  }

  public void error(ErrorCode code) {
    errors(code.wire());
  }

  private void errors(String code) {
    Counter.builder("meetrec.recorder.errors")
        .description("Recordings that ended in an error, by code")
        .tag("code", code)
        .register(registry)
        .increment();
  }
}
