package io.meetrec.ops.redrive;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.TopicName;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code redrive}: puts the dead letters of {@code recording-requests} or {@code recording-events}
 * back on that topic ({@link DeadLetterRedrive}). Runs with the operator's application default
 * credentials, or against the emulator when {@code PUBSUB_EMULATOR_HOST} is set.
 *
 * <pre>
 * redrive --topic recording-requests|recording-events [--project P] [--limit N] [--dry-run]
 * </pre>
 *
 * Exit code 0 when every pulled message was republished (or listed, in a dry run), 1 when any
 * failed or Pub/Sub refused a call, 2 for a usage error.
 */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description =
        "Pulls <topic>-dead-letter-sub, republishes each message's data and attributes (plus"
            + " redrivenAt) to <topic>, and acks a dead letter only once Pub/Sub accepted its copy.")
public final class RedriveCommand implements Callable<Integer> {

  static final int OK = CommandLine.ExitCode.OK;
  static final int FAILED = CommandLine.ExitCode.SOFTWARE;
  static final int USAGE = CommandLine.ExitCode.USAGE;

  static final String PROJECT_ENV = "GCP_PROJECT_ID";

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "TOPIC",
      description = "recording-requests or recording-events")
  DeadLetteredTopic topic;

  @Option(
      names = "--project",
      paramLabel = "PROJECT",
      description = "the Google Cloud project (default: $" + PROJECT_ENV + ")")
  String project;

  @Option(
      names = "--limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "redrive at most N messages (default 0: all)")
  int limit;

  @Option(
      names = "--dry-run",
      description =
          "list the dead letters' ids and return them to the subscription at once: nothing is"
              + " republished or acked")
  boolean dryRun;

  /**
   * Ack deadline of the messages a run holds; a test shortens it to see a message that was not
   * acked come back without waiting a minute.
   */
  int leaseSeconds = DeadLetterRedrive.LEASE_SECONDS;

  @Spec private CommandSpec spec;

  private final Map<String, String> env;
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;

  RedriveCommand(Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
    this.env = env;
    this.clock = clock;
    this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    this.err = new PrintWriter(err, true, StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    System.exit(
        new RedriveCommand(System.getenv(), Clock.systemUTC(), System.out, System.err).run(args));
  }

  /** Runs one command line; returns the exit code. */
  int run(String... args) {
    CommandLine commandLine =
        new CommandLine(this)
            .setOut(out)
            .setErr(err)
            .registerConverter(DeadLetteredTopic.class, RedriveCommand::deadLetteredTopic)
            .setExecutionExceptionHandler(
                (e, cl, parsed) -> {
                  if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                  }
                  err.println("redrive: " + e.getMessage());
                  return FAILED;
                });
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  @Override
  public Integer call() throws Exception {
    String projectId = project != null ? project : env.get(PROJECT_ENV);
    if (projectId == null || projectId.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "Missing --project (or set " + PROJECT_ENV + ")");
    }
    if (limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be 0 (all) or more");
    }
    String subscription =
        ProjectSubscriptionName.of(projectId, topic.deadLetterSubscription()).toString();
    TopicName target = TopicName.of(projectId, topic.topic());
    try (PubSubClients clients = PubSubClients.fromEnvironment(env);
        SubscriberStub subscriber = clients.subscriber()) {
      String where =
          clients.emulatorHost() == null ? "" : " (emulator " + clients.emulatorHost() + ")";
      err.println(
          (dryRun ? "dry run: listing " : "redriving ") + subscription + " to " + target + where);
      Publisher publisher = dryRun ? null : clients.publisher(target);
      DeadLetterRedrive.Summary summary;
      try {
        summary =
            new DeadLetterRedrive(subscriber, subscription, publisher, clock, out, leaseSeconds)
                .run(limit);
      } finally {
        if (publisher != null) {
          publisher.shutdown();
          publisher.awaitTermination(10, TimeUnit.SECONDS);
        }
      }
      out.println(
          topic.deadLetterSubscription()
              + ": pulled "
              + summary.pulled()
              + ", republished "
              + summary.republished()
              + ", failed "
              + summary.failed()
              + (dryRun ? " (dry run: all returned to the subscription)" : ""));
      if (summary.failed() > 0) {
        err.println(
            "redrive: "
                + summary.failed()
                + " not republished; they stay on "
                + topic.deadLetterSubscription()
                + " (run again once the cause is fixed)");
        return FAILED;
      }
      return OK;
    }
  }

  private static DeadLetteredTopic deadLetteredTopic(String name) {
    return DeadLetteredTopic.named(name)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "'"
                        + name
                        + "' is not a dead-lettered topic: recording-requests or"
                        + " recording-events"));
  }
}
