package io.meetrec.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local stand-in for a Cloud Scheduler HTTP job (which has no emulator): POSTs an empty body to
 * a URL at a fixed interval, as the job does every minute in the cloud, and counts the answers.
 * Failed calls are only counted: Cloud Scheduler also just tries again at the next tick.
 */
public final class ScheduledTrigger implements AutoCloseable {

  private final ScheduledExecutorService timer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  private ScheduledTrigger(String url, Duration every) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "scheduled-trigger");
              t.setDaemon(true);
              return t;
            });
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status / 100 == 2 ? ok : failed).incrementAndGet();
          } catch (java.io.IOException e) {
            failed.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Starts POSTing to {@code url} every {@code every}, first after one interval. */
  public static ScheduledTrigger every(Duration every, String url) {
    return new ScheduledTrigger(url, every);
  }

  /** Ticks answered 2xx so far. */
  public int succeeded() {
    return ok.get();
  }

  /** Ticks that got no answer or a non-2xx one. */
  public int failed() {
    return failed.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
