package io.meetrec.recorder.upload;

import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording's media on its way to the bucket while it is recorded: every {@code every}, the
 * complete fragments the file gained since the last part go up as the next part object, so a pod
 * that dies loses only what was not yet a complete fragment and shipped. Parts are named {@code
 * <folder><seq>-<media-ms>.m4s}, the folder being the segment's ({@link
 * io.meetrec.shared.recording.StorageLayout#partsFolder}): the sequence number orders them and the
 * media time says what their concatenation holds. Each part is written under {@code doesNotExist}
 * with its CRC32C checked by the bucket, so a retry never overwrites or duplicates one. A part that
 * fails to go up is tried again on the next round; the recording never waits for it.
 */
public final class LiveParts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveParts.class);

  private final UploadTarget target;
  private final String recordingId;
  private final String folder;
  private final Path file;
  private final Duration every;
  private final String contentType;
  private final Mp4Fragments fragments = new Mp4Fragments();
  private final Thread thread;
  private volatile boolean closed;
  private long shipped;
  private int seq;
  private volatile double keptSeconds;

  LiveParts(
      UploadTarget target,
      String recordingId,
      String folder,
      Path file,
      Duration every,
      String contentType) {
    this.target = target;
    this.recordingId = recordingId;
    this.folder = folder;
    this.file = file;
    this.every = every;
    this.contentType = contentType;
    this.thread =
        Thread.ofPlatform().daemon().name("live-parts-" + recordingId).unstarted(this::run);
  }

  LiveParts begin() {
    thread.start();
    return this;
  }

  /** Seconds of media the shipped parts hold. */
  public double keptSeconds() {
    return keptSeconds;
  }

  /** How many parts went up. */
  public synchronized int parts() {
    return seq;
  }

  private void run() {
    long next = System.nanoTime() + every.toNanos();
    while (!closed) {
      if (System.nanoTime() - next >= 0) {
        shipOnce();
        next = System.nanoTime() + every.toNanos();
      }
      try {
        Thread.sleep(Math.min(250, every.toMillis()));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Ships the complete fragments not yet shipped; false when the upload failed (tried again). */
  synchronized boolean shipOnce() {
    long end;
    double seconds;
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      end = fragments.scan(ch);
      seconds = fragments.seconds();
      if (end <= shipped) {
        return true;
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(end - shipped));
      while (buf.hasRemaining()) {
        if (ch.read(buf, shipped + buf.position()) < 0) {
          throw new IOException("file shrank");
        }
      }
      bytes = buf.array();
    } catch (NoSuchFileException e) {
      return true; // capture has not written its header yet
    } catch (IOException | ArithmeticException e) {
      LOG.warn("live part of {} not read: {}", recordingId, e.getMessage());
      return false;
    }
    String key = partKey(folder, seq + 1, seconds);
    long started = System.nanoTime();
    try {
      Optional<StoredObject> stored = target.createIfAbsent(key, bytes, contentType);
      if (stored.isEmpty()) {
        // An earlier attempt stored it without hearing back: the same bytes, or a conflict.
        StoredObject there = target.find(key).orElseThrow(() -> new IOException(key + " vanished"));
        if (!there.matches(Checksums.of(bytes))) {
          throw new IOException("a different object is stored as " + key);
        }
      }
    } catch (IOException | RuntimeException e) {
      log(key, bytes.length, started, "retry")
          .warn(LOG, "live part {} not stored, tried again next round: {}", key, e.getMessage());
      return false;
    }
    seq++;
    shipped = end;
    keptSeconds = seconds;
    log(key, bytes.length, started, "stored").debug(LOG, "live part {} stored", key);
    return true;
  }

  private StructuredLog log(String key, long bytes, long startedNanos, String outcome) {
    return StructuredLog.event(LogEvent.UPLOAD_PART)
        .with(LogField.RECORDING_ID, recordingId)
        .with(LogField.BYTES, bytes)
        .with(LogField.LATENCY_MS, (System.nanoTime() - startedNanos) / 1_000_000)
        .with(LogField.OUTCOME, outcome);
  }

  /** Stops shipping (the current part finishes first); the parts stay. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The whole file is in the bucket and verified: the parts go. */
  public void discard() {
    close();
    try {
      for (String key : target.list(folder)) {
        target.delete(key);
      }
    } catch (IOException e) {
      LOG.warn("live parts of {} not removed: {}", recordingId, e.getMessage());
    }
  }

  static String partKey(String folder, int seq, double mediaSeconds) {
    return String.format("%s%06d-%d.m4s", folder, seq, Math.round(mediaSeconds * 1000));
  }

  /** A stored part, from its key. */
  record Part(String key, int seq, double mediaSeconds) {

    static Optional<Part> of(String key) {
      String name = key.substring(key.lastIndexOf('/') + 1);
      if (!name.matches("\\d{6}-\\d+\\.m4s")) {
        return Optional.empty();
      }
      int dash = name.indexOf('-');
      return Optional.of(
          new Part(
              key,
              Integer.parseInt(name.substring(0, dash)),
              Long.parseLong(name.substring(dash + 1, name.length() - 4)) / 1000.0));
    }
  }

  /** The parts that form an unbroken run from the first, in order. */
  static List<Part> run(List<String> keys) {
    List<Part> sorted =
        keys.stream()
            .map(Part::of)
            .flatMap(Optional::stream)
            .sorted(java.util.Comparator.comparingInt(Part::seq))
            .toList();
    int expected = 1;
    int n = 0;
    for (Part p : sorted) {
      if (p.seq() != expected) {
        break;
      }
      expected++;
      n++;
    }
    return sorted.subList(0, n);
  }
}
