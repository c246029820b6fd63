package io.meetrec.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code bin/demo}: {@code demo [seconds]} records one meeting end to end and shuts everything
 * down; {@code up} keeps the stack running for your own requests until Ctrl-C.
 */
public final class LocalStackCommand {

  private LocalStackCommand() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "demo";
    Path root = Path.of(System.getProperty("meetrec.root", ".")).toAbsolutePath().normalize();
    Path home = root.resolve(".local");
    clean(home);
    switch (mode) {
      case "demo" ->
          System.exit(demo(root, home, args.length > 1 ? Integer.parseInt(args[1]) : 20));
      case "up" -> up(root, home);
      default -> {
        System.err.println("usage: bin/demo [demo [seconds] | up]");
        System.exit(2);
      }
    }
  }

  private static int demo(Path root, Path home, int seconds) {
    try (LocalStack stack = LocalStack.start(StackPorts.DEFAULT, root, home)) {
      DemoRun.Outcome outcome = DemoRun.run(stack, seconds, Duration.ofSeconds(seconds * 3L + 90));
      DemoRun.print(outcome);
      boolean ok =
          "completed".equals(outcome.state())
              && outcome.webhookVerified("recording.started")
              && outcome.webhookVerified("recording.completed");
      LocalStack.say(
          "logs: "
              + stack.logs()
              + " (analyse them: bin/recorder-logs local recordings_per_day --file "
              + stack.logs()
              + "/recorder.log)");
      LocalStack.say(ok ? "demo succeeded; stopping the stack" : "demo FAILED; stopping the stack");
      return ok ? 0 : 1;
    }
  }

  private static void up(Path root, Path home) throws InterruptedException {
    LocalStack stack = LocalStack.start(StackPorts.DEFAULT, root, home);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LocalStack.say("stopping");
                  stack.close();
                  stopped.countDown();
                }));
    StackPorts p = stack.ports();
    LocalStack.say(
        "up. intake: "
            + stack.intakeUrl()
            + "  recorder: http://127.0.0.1:"
            + p.recorder()
            + "/sessions  meeting page: "
            + stack.meetingUrl(30)
            + "  webhook receiver: "
            + stack.receiver().url(LocalStack.WEBHOOK_PATH));
    LocalStack.say(
        "client id: "
            + LocalStack.CLIENT_ID
            + "  client secret file: "
            + stack.secrets().clientsFile()
            + "  webhook secret: "
            + stack.secrets().webhookSecret()
            + " (local, throwaway)");
    LocalStack.say(
        "send signed requests with bin/signed-curl (see README); Ctrl-C stops everything");
    stopped.await();
  }

  /** Removes the previous run's secrets, logs and recordings. */
  static void clean(Path home) {
    if (!Files.exists(home)) {
      return;
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
