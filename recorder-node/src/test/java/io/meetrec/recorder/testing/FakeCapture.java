package io.meetrec.recorder.testing;

import io.meetrec.recorder.media.CaptureProgress;
import io.meetrec.recorder.media.CaptureRequest;
import io.meetrec.recorder.media.CaptureResult;
import io.meetrec.recorder.media.CaptureSession;
import io.meetrec.recorder.media.MeetingCapture;
import io.meetrec.recorder.media.PageSignal;
import io.meetrec.recorder.media.SlotCapture;
import io.meetrec.recorder.media.StreamInfo;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.testing.Requirements;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MeetingCapture} without a browser, for tests of what happens around capture (Redis,
 * uploads, events): a session "records" from its start to its stop, and {@link CaptureSession#stop}
 * writes a real AAC file of exactly that many seconds (ffmpeg's {@code sine} source), so the media
 * kept can be probed and the seconds lost measured. On with {@code meetrec.test.fake-capture=true}.
 */
@Singleton
@Replaces(SlotCapture.class)
@Requires(property = "meetrec.test.fake-capture", value = "true")
public class FakeCapture implements MeetingCapture {

  private final int slots = 2;
  private final AtomicInteger busy = new AtomicInteger();
  private volatile PageSignal nextSignal;
  private volatile RuntimeException nextStartFailure;

  @Override
  public int capacity() {
    return slots;
  }

  @Override
  public int available() {
    return slots - busy.get();
  }

  /** The next session to start will see {@code signal} one second in. */
  public void signalNext(PageSignal signal) {
    nextSignal = signal;
  }

  /** The next session to start fails with {@code failure}, a defect rather than a capture error. */
  public void failNextStart(RuntimeException failure) {
    nextStartFailure = failure;
  }

  @Override
  public CaptureSession start(CaptureRequest request) {
    RuntimeException failure = nextStartFailure;
    if (failure != null) {
      nextStartFailure = null;
      throw failure;
    }
    if (busy.incrementAndGet() > slots) {
      busy.decrementAndGet();
      throw new RecordingException(ErrorCode.NO_FREE_SLOT, "all fake slots busy");
    }
    PageSignal signal = nextSignal;
    nextSignal = null;
    return new Session(request, signal);
  }

  private final class Session implements CaptureSession {
    private final CaptureRequest request;
    private final PageSignal signal;
    private final long startNanos = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private CaptureResult result;
    private boolean released;

    Session(CaptureRequest request, PageSignal signal) {
      this.request = request;
      this.signal = signal;
    }

    private double elapsed() {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public synchronized CaptureProgress progress() {
      double s = result != null ? result.durationSeconds() : elapsed();
      return new CaptureProgress(s, (long) (s * 16_000), 0);
    }

    @Override
    public Optional<PageSignal> pageSignal() {
      return signal != null && elapsed() > 1 ? Optional.of(signal) : Optional.empty();
    }

    @Override
    public Instant firstFrameAt() {
      return startedAt;
    }

    @Override
    public synchronized CaptureResult stop() {
      if (result == null) {
        double seconds = Math.max(0.5, elapsed());
        Path file = request.outputFile();
        write(file, seconds);
        try {
          result =
              new CaptureResult(
                  file,
                  Files.size(file),
                  seconds,
                  List.of(new StreamInfo("audio", "aac", 0, 0, 0, 48_000, 1)));
        } catch (IOException e) {
          throw new RecordingException(ErrorCode.CAPTURE_FAILED, e.getMessage(), e);
        }
      }
      return result;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        busy.decrementAndGet();
      }
    }
  }

  /** Writes {@code seconds} of a 440 Hz tone as AAC in MP4 to {@code file}. */
  public static void write(Path file, double seconds) {
    Path ffmpeg = Requirements.program("ffmpeg", "apt-get install ffmpeg");
    try {
      Files.createDirectories(file.getParent());
      Process p =
          new ProcessBuilder(
                  ffmpeg.toString(),
                  "-nostdin",
                  "-loglevel",
                  "error",
                  "-y",
                  "-f",
                  "lavfi",
                  "-i",
                  "sine=frequency=440:sample_rate=48000",
                  "-t",
                  String.format(Locale.ROOT, "%.3f", seconds),
                  "-c:a",
                  "aac",
                  "-b:a",
                  "32k",
                  "-movflags",
                  "+faststart",
                  "-f",
                  "mp4",
                  file.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor() != 0) {
        throw new RecordingException(ErrorCode.ENCODER_FAILED, "ffmpeg exited " + p.exitValue());
      }
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.CAPTURE_FAILED, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(ErrorCode.CAPTURE_FAILED, "interrupted");
    }
  }
}
