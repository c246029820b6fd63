package io.meetrec.recorder.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real target that refuses the first {@code failures} writes, like a bucket that is briefly
 * unreachable; counts the writes that went through.
 */
public final class FlakyUploadTarget implements UploadTarget {

  private final UploadTarget delegate;
  private final AtomicInteger failuresLeft;
  public final AtomicInteger refused = new AtomicInteger();
  public final AtomicInteger stored = new AtomicInteger();

  public FlakyUploadTarget(UploadTarget delegate, int failures) {
    this.delegate = delegate;
    this.failuresLeft = new AtomicInteger(failures);
  }

  public void failNext(int failures) {
    failuresLeft.set(failures);
  }

  /** Refuses every write for {@code outage} from now, as a bucket unreachable that long. */
  public void failFor(java.time.Duration outage) {
    downUntilNanos = System.nanoTime() + outage.toNanos();
  }

  private volatile long downUntilNanos = System.nanoTime();

  @Override
  public StoredObject put(String key, Path file, String contentType) throws IOException {
    refuseIfScripted(key);
    StoredObject o = delegate.put(key, file, contentType);
    stored.incrementAndGet();
    return o;
  }

  @Override
  public StoredObject put(String key, byte[] content, String contentType) throws IOException {
    refuseIfScripted(key);
    StoredObject o = delegate.put(key, content, contentType);
    stored.incrementAndGet();
    return o;
  }

  @Override
  public Optional<StoredObject> find(String key) throws IOException {
    if (System.nanoTime() - downUntilNanos < 0) {
      refused.incrementAndGet();
      throw new IOException("503 Service Unavailable (scripted) for " + key);
    }
    return delegate.find(key);
  }

  // Live parts and their housekeeping see only the outage window, not the scripted failure count,
  // which belongs to the final upload's attempts.
  @Override
  public Optional<StoredObject> createIfAbsent(String key, byte[] content, String contentType)
      throws IOException {
    refuseIfDown(key);
    return delegate.createIfAbsent(key, content, contentType);
  }

  @Override
  public Optional<StoredObject> composeIfAbsent(
      List<String> sources, String key, String contentType) throws IOException {
    refuseIfDown(key);
    return delegate.composeIfAbsent(sources, key, contentType);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    refuseIfDown(prefix);
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    refuseIfDown(key);
    delegate.delete(key);
  }

  private void refuseIfDown(String key) throws IOException {
    if (System.nanoTime() - downUntilNanos < 0) {
      refused.incrementAndGet();
      throw new IOException("503 Service Unavailable (scripted) for " + key);
    }
  }

  private void refuseIfScripted(String key) throws IOException {
    if (System.nanoTime() - downUntilNanos < 0
        || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      refused.incrementAndGet();
      throw new IOException("503 Service Unavailable (scripted) for " + key);
    }
  }
}
