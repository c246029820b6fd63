package io.meetrec.intake.bench;

import io.meetrec.intake.IntakeTestServices;
import io.meetrec.shared.security.RequestSignatures;
import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the intake function jar under the Functions Framework invoker against the real Redis and
 * Pub/Sub emulator and prints its cold start (process start to first 202), throughput and latency
 * at 1, 8 and 32 concurrent clients, and the cold start of a bare Functions Framework function
 * measured in the same run. Started by {@code bin/bench-intake}.
 */
public final class IntakeBench {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private IntakeBench() {}

  public static void main(String[] args) throws Exception {
    Duration perLevel = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
    Path functionJar = Path.of(System.getProperty("bench.functionJar"));
    Path helloClasspath = Path.of(System.getProperty("bench.helloClasspath"));

    LocalServices.redis();
    IntakeTestServices services = new IntakeTestServices();
    Map<String, String> properties = new HashMap<>(services.properties());
    properties.put("meetrec.intake.rate-limit.limit", "1000000000");
    properties.put("logger.levels.io.meetrec", "WARN");

    long helloMillis = coldStartHello(helloClasspath);
    int port = ManagedProcess.freePort();
    long start = System.nanoTime();
    ManagedProcess intake = startAsync(functionJar, port, properties);
    URI base = URI.create("http://127.0.0.1:" + port);
    long intakeMillis;
    try {
      while (true) {
        if (!intake.isAlive()) {
          throw new IllegalStateException("intake exited:\n" + intake.tail());
        }
        try {
          if (create(base) == 202) {
            intakeMillis = (System.nanoTime() - start) / 1_000_000;
            break;
          }
        } catch (java.io.IOException notYet) {
          Thread.sleep(10);
        }
      }
      System.out.printf("%nintake bench (%s per level)%n", perLevel);
      System.out.printf("cold start, process start to first 202: %6d ms%n", intakeMillis);
      System.out.printf("cold start, bare Functions Framework hello: %6d ms%n", helloMillis);
      System.out.printf(
          "cold start ratio intake / hello: %.1fx%n%n", (double) intakeMillis / helloMillis);

      load(base, 8, Duration.ofSeconds(3)); // warm-up, not reported
      System.out.printf(
          "%-12s %10s %10s %10s %8s%n", "concurrency", "req/s", "p50 ms", "p99 ms", "errors");
      for (int clients : new int[] {1, 8, 32}) {
        Result r = load(base, clients, perLevel);
        System.out.printf(
            "%-12d %10.1f %10.1f %10.1f %8d%n", clients, r.rps(), r.p50(), r.p99(), r.errors());
      }
    } finally {
      intake.close();
    }
    System.exit(0);
  }

  private static long coldStartHello(Path classpath) throws Exception {
    int port = ManagedProcess.freePort();
    long start = System.nanoTime();
    try (ManagedProcess hello =
        ManagedProcess.start(
            "hello-invoker",
            FunctionInvoker.command(classpath, HelloFunction.class.getName(), port, Map.of()))) {
      URI uri = URI.create("http://127.0.0.1:" + port + "/");
      while (true) {
        if (!hello.isAlive()) {
          throw new IllegalStateException("hello exited:\n" + hello.tail());
        }
        try {
          HttpResponse<Void> r =
              HTTP.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return (System.nanoTime() - start) / 1_000_000;
          }
        } catch (java.io.IOException notYet) {
          Thread.sleep(10);
        }
      }
    }
  }

  private static ManagedProcess startAsync(Path jar, int port, Map<String, String> properties) {
    return ManagedProcess.start(
        "intake-invoker",
        FunctionInvoker.command(jar, FunctionInvoker.HTTP_FUNCTION, port, properties));
  }

  private static int create(URI base) throws Exception {
    String conference = "bench-" + (System.nanoTime() % 1000);
    byte[] body = IntakeTestServices.createBody(conference).getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/v1/recordings"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    RequestSignatures.headers(
            IntakeTestServices.SECRET,
            IntakeTestServices.CLIENT,
            Instant.now().getEpochSecond(),
            UUID.randomUUID().toString(),
            "POST",
            "/v1/recordings",
            body)
        .forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  record Result(double rps, double p50, double p99, long errors) {}

  private static Result load(URI base, int clients, Duration duration) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      running.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  long t = System.nanoTime();
                  try {
                    if (create(base) != 202) {
                      errors.incrementAndGet();
                      continue;
                    }
                    latencies.add(System.nanoTime() - t);
                  } catch (Exception e) {
                    errors.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return new Result(0, 0, 0, errors.get());
    }
    return new Result(
        sorted.size() / (double) duration.toSeconds(),
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6,
        errors.get());
  }
}
