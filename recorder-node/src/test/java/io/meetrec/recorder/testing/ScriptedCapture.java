package io.meetrec.recorder.testing;

import io.meetrec.recorder.media.CaptureProgress;
import io.meetrec.recorder.media.CaptureRequest;
import io.meetrec.recorder.media.CaptureResult;
import io.meetrec.recorder.media.CaptureSession;
import io.meetrec.recorder.media.MediaConfiguration;
import io.meetrec.recorder.media.MeetingCapture;
import io.meetrec.recorder.media.PageSignal;
import io.meetrec.recorder.media.StreamInfo;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A stand-in for the media pipeline for the lifecycle tests that are about claims, leases, drains
 * and uploads rather than media: it writes a steadily growing file (flushed like a fragmented MP4,
 * so a killed process leaves what it wrote), and the meeting URL's query scripts page signals
 * ({@code ?signal=MEETING_ENDED&after=3}). Active only with {@code meetrec.test.capture=scripted};
 * tests of media itself use the real capture.
 */
@Singleton
@Primary
@Requires(property = "meetrec.test.capture", value = "scripted")
public class ScriptedCapture implements MeetingCapture {

  private final int slots;
  private final AtomicInteger busy = new AtomicInteger();

  public ScriptedCapture(MediaConfiguration media) {
    this.slots = media.slots();
  }

  @Override
  public int capacity() {
    return slots;
  }

  @Override
  public int available() {
    return Math.max(0, slots - busy.get());
  }

  @Override
  public CaptureSession start(CaptureRequest request) {
    if (busy.incrementAndGet() > slots) {
      busy.decrementAndGet();
      throw new RecordingException(ErrorCode.NO_FREE_SLOT, "all scripted slots busy");
    }
    if (request.joinToken() == null || request.joinToken().isBlank()) {
      busy.decrementAndGet();
      throw new RecordingException(ErrorCode.MEETING_UNREACHABLE, "no join token");
    }
    try {
      return new Session(request);
    } catch (IOException e) {
      busy.decrementAndGet();
      throw new RecordingException(ErrorCode.CAPTURE_FAILED, e.getMessage(), e);
    }
  }

  private final class Session implements CaptureSession {
    private final CaptureRequest request;
    private final Instant started = Instant.now();
    private final OutputStream out;
    private final Thread writer;
    private final PageSignal signal;
    private final double signalAfter;
    private volatile long bytes;
    private volatile boolean stopped;
    private boolean closed;
    private CaptureResult result;

    Session(CaptureRequest request) throws IOException {
      this.request = request;
      Map<String, String> q = query(request.meetingUrl().getRawQuery());
      this.signal = q.containsKey("signal") ? PageSignal.valueOf(q.get("signal")) : null;
      this.signalAfter = Double.parseDouble(q.getOrDefault("after", "0"));
      Files.createDirectories(request.outputFile().getParent());
      this.out =
          Files.newOutputStream(
              request.outputFile(),
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING);
      this.writer = new Thread(this::write, "scripted-capture-" + request.recordingId());
      writer.setDaemon(true);
      writer.start();
    }

    private void write() {
      byte[] fragment = new byte[8192];
      try {
        while (!stopped) {
          java.util.concurrent.ThreadLocalRandom.current().nextBytes(fragment);
          synchronized (out) {
            out.write(fragment);
            out.flush();
          }
          bytes += fragment.length;
          Thread.sleep(100);
        }
      } catch (IOException | InterruptedException e) {
        // stopped
      }
    }

    private double seconds() {
      return java.time.Duration.between(started, Instant.now()).toMillis() / 1000.0;
    }

    @Override
    public CaptureProgress progress() {
      return new CaptureProgress(seconds(), bytes, (long) (seconds() * 30));
    }

    @Override
    public Optional<PageSignal> pageSignal() {
      return signal != null && seconds() >= signalAfter ? Optional.of(signal) : Optional.empty();
    }

    @Override
    public Instant firstFrameAt() {
      return started.plusMillis(40);
    }

    @Override
    public synchronized CaptureResult stop() {
      if (result == null) {
        stopped = true;
        writer.interrupt();
        try {
          writer.join(2000);
          synchronized (out) {
            out.close();
          }
          result =
              new CaptureResult(
                  request.outputFile(),
                  Files.size(request.outputFile()),
                  seconds(),
                  List.of(new StreamInfo("video", "h264", 640, 360, 15, 0, 0)));
        } catch (IOException | InterruptedException e) {
          throw new RecordingException(ErrorCode.ENCODER_FAILED, e.getMessage(), e);
        }
      }
      return result;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        stopped = true;
        writer.interrupt();
        busy.decrementAndGet();
      }
    }
  }

  private static Map<String, String> query(String q) {
    if (q == null || q.isBlank()) {
      return Map.of();
    }
    return Stream.of(q.split("&"))
        .map(kv -> kv.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : "", (a, b) -> b));
  }
}
