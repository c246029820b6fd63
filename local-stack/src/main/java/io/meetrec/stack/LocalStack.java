package io.meetrec.stack;

import com.google.cloud.functions.invoker.runner.Invoker;
import io.meetrec.shared.security.Secret;
import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.LocalServices;
import io.meetrec.testing.PubSubEmulator;
import io.meetrec.testing.PubSubEmulatorJar;
import io.meetrec.testing.ScheduledTrigger;
import io.meetrec.testing.meeting.DemoMeeting;
import io.meetrec.testing.webhooks.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the recorder needs, on this machine: redis-server, the Pub/Sub emulator with the
 * topics and subscriptions Terraform creates in the cloud, the four functions in the Functions
 * Framework invoker (from their deployable jars), the recorder node, the demo meeting page and a
 * webhook receiver. Closing it stops everything, the recorder first so it can drain.
 */
public final class LocalStack implements AutoCloseable {

  public static final String CLIENT_ID = "demo-client";

  /** Where the demo's webhook receiver takes deliveries. */
  public static final String WEBHOOK_PATH = "/hooks";

  static final String VERSION = StackBuild.version();

  private final StackPorts ports;
  private final Path root;
  private final Path home;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<ProcessHandle> processes = new ArrayList<>();
  private final StackSecrets secrets;
  private RecorderSupervisor recorder;
  private DemoMeeting meeting;
  private WebhookReceiver receiver;

  private LocalStack(StackPorts ports, Path root, Path home) {
    this.ports = ports;
    this.root = root;
    this.home = home;
    this.secrets = StackSecrets.create(home.resolve("secrets"));
  }

  /**
   * Starts the stack. {@code root} is the repository (where the built jars are); {@code home} holds
   * this run's secrets, logs and recordings.
   */
  public static LocalStack start(StackPorts ports, Path root, Path home) {
    LocalStack stack = new LocalStack(ports, root, home);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  public StackPorts ports() {
    return ports;
  }

  public StackSecrets secrets() {
    return secrets;
  }

  public Path logs() {
    return home.resolve("logs");
  }

  public Path recordings() {
    return home.resolve("recordings");
  }

  public String intakeUrl() {
    return "http://127.0.0.1:" + ports.intake();
  }

  /** The demo meeting, which ends by itself after {@code seconds}. */
  public String meetingUrl(int seconds) {
    return meeting.url("participants=3&endAfter=" + seconds).toString();
  }

  public WebhookReceiver receiver() {
    return receiver;
  }

  public boolean recorderAlive() {
    return recorder != null && recorder.isAlive();
  }

  private void startAll() {
    ports.requireFree();
    say("starting redis-server on " + ports.redis());
    StackProcess redis =
        keep(
            StackProcess.start(
                "redis",
                LocalServices.redisCommand(Path.of("redis-server"), ports.redis()),
                Map.of(),
                logs(),
                Duration.ofSeconds(5)));
    redis.awaitPort(ports.redis(), Duration.ofSeconds(20));

    say("starting the Pub/Sub emulator on " + ports.pubsub());
    StackProcess emulator =
        keep(
            StackProcess.start(
                "pubsub-emulator",
                LocalServices.pubSubEmulatorCommand(emulatorJar(), ports.pubsub()),
                Map.of(),
                logs(),
                Duration.ofSeconds(5)));
    emulator.awaitPort(ports.pubsub(), Duration.ofSeconds(60));

    meeting = keep(DemoMeeting.start(ports.meetingPage()));
    receiver = keep(startReceiver());

    // Push needs the webhooks function's URL, so topics and subscriptions come before the
    // functions.
    Topology.create(pubsub(), "http://127.0.0.1:" + ports.webhooks() + "/");

    List<StackProcess> functions =
        List.of(
            startFunction("intake", ports.intake(), intakeProperties()),
            startFunction("signing", ports.signing(), signingProperties()),
            startFunction("webhooks", ports.webhooks(), webhooksProperties()));
    functions.get(0).awaitPort(ports.intake(), Duration.ofSeconds(90));
    functions.get(1).awaitPort(ports.signing(), Duration.ofSeconds(90));
    functions.get(2).awaitPort(ports.webhooks(), Duration.ofSeconds(90));
    // Cloud Scheduler's part: the webhook ledger retries only when something calls /redeliver
    // (every minute in the cloud; every few seconds here, so a receiver outage heals quickly).
    keep(
        ScheduledTrigger.every(
            Duration.ofSeconds(5), "http://127.0.0.1:" + ports.webhooks() + "/redeliver"));

    say("starting the recorder node on " + ports.recorder());
    // Supervised: a recorder that dies is restarted, as the kubelet restarts a pod's container.
    recorder = keep(RecorderSupervisor.start(this::startRecorder, ports.recorder(), logs()));
  }

  PubSubEmulator pubsub() {
    return new PubSubEmulator("127.0.0.1:" + ports.pubsub(), LocalServices.PROJECT_ID);
  }

  private WebhookReceiver startReceiver() {
    try {
      // A careful customer: a delivery whose signature does not verify gets 400.
      return new WebhookReceiver(ports.webhookReceiver(), secrets.webhookSecret())
          .answerUnverifiedWith(400);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> commonEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("GCP_PROJECT_ID", LocalServices.PROJECT_ID);
    env.put("PUBSUB_EMULATOR_HOST", "127.0.0.1:" + ports.pubsub());
    env.put("REDIS_URI", "redis://127.0.0.1:" + ports.redis());
    return env;
  }

  private Map<String, String> intakeProperties() {
    Map<String, String> p = new HashMap<>();
    p.put("meetrec.intake.auth.source", "config");
    p.put("meetrec.intake.auth.clients-file", secrets.clientsFile().toString());
    // Locally the meeting page and the webhook receiver live on 127.0.0.1.
    p.put("meetrec.intake.recordings.allow-http", "true");
    p.put("meetrec.intake.recordings.allow-private-addresses", "true");
    p.put("meetrec.intake.recordings.allowed-meeting-hosts", "127.0.0.1");
    p.put("meetrec.intake.download.kind", "local");
    return p;
  }

  private Map<String, String> signingProperties() {
    Map<String, String> p = new HashMap<>();
    p.put("meetrec.signing.token.secret-source", "config");
    p.put("meetrec.signing.token.secret", secrets.joinToken().toBase64());
    p.put("meetrec.signing.caller.audience", "http://127.0.0.1:" + ports.signing());
    p.put("meetrec.signing.caller.local-jwks", secrets.callerJwks());
    p.put("meetrec.signing.caller.allowed-emails", StackSecrets.RECORDER_IDENTITY);
    return p;
  }

  private Map<String, String> webhooksProperties() {
    Map<String, String> p = new HashMap<>();
    // The emulator's push carries no OIDC token.
    p.put("meetrec.webhooks.allow-unsigned-push", "true");
    p.put("meetrec.webhooks.allow-http", "true");
    p.put("meetrec.webhooks.allow-private-addresses", "true");
    p.put("meetrec.webhooks.signing-secret", secrets.webhookSecret());
    p.put("meetrec.webhooks.recorder-secret-dir", secrets.dir().toString());
    return p;
  }

  private Map<String, String> recorderProperties() {
    Map<String, String> p = new HashMap<>();
    p.put("micronaut.server.port", Integer.toString(ports.recorder()));
    p.put("meetrec.recorder.name", "local-recorder-0");
    p.put("meetrec.recorder.work-dir", home.resolve("work").toString());
    p.put("meetrec.recorder.upload.target", "local");
    p.put("meetrec.recorder.upload.directory", recordings().toString());
    p.put("meetrec.recorder.events.secret-file", secrets.recorderSecretFile().toString());
    p.put("meetrec.recorder.join-token.mode", "signing");
    p.put("meetrec.recorder.join-token.signing-url", "http://127.0.0.1:" + ports.signing());
    p.put("meetrec.recorder.join-token.audience", "http://127.0.0.1:" + ports.signing());
    p.put(
        "meetrec.recorder.join-token.local-identity-key-file", secrets.callerKeyFile().toString());
    p.put("meetrec.recorder.join-token.local-identity-email", StackSecrets.RECORDER_IDENTITY);
    p.put("meetrec.recorder.meeting.allow-http", "true");
    p.put("meetrec.recorder.meeting.allow-private-addresses", "true");
    return p;
  }

  private StackProcess startFunction(String name, int port, Map<String, String> properties) {
    Path jar =
        root.resolve(
            "functions/" + name + "/target/meetrec-" + name + "-" + VERSION + "-function.jar");
    requireBuilt(jar);
    say("starting the " + name + " function on " + port);
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    // Settings, secrets among them, go in a file only this user reads: a command line is visible
    // to everyone on the machine.
    cmd.add("-Dmicronaut.config.files=" + FunctionInvoker.settingsFile(properties));
    cmd.addAll(
        List.of(
            "-jar",
            invokerJar().toString(),
            "--classpath",
            jar.toString(),
            "--target",
            "io.micronaut.gcp.function.http.HttpFunction",
            "--port",
            Integer.toString(port)));
    Map<String, String> env = commonEnv();
    env.put("K_SERVICE", "meetrec-" + name);
    return keep(StackProcess.start(name, cmd, env, logs(), Duration.ofSeconds(5)));
  }

  private StackProcess startRecorder() {
    Path jar = root.resolve("recorder-node/target/recorder-node.jar");
    requireBuilt(jar);
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    recorderProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-jar", jar.toString()));
    Map<String, String> env = commonEnv();
    env.put("MEETREC_RECORDER_SLOTS", "1");
    env.put("POD_NAME", "local-recorder-0");
    // The recorder drains on SIGTERM: give it time to finish and upload.
    return StackProcess.start("recorder", cmd, env, logs(), Duration.ofSeconds(60));
  }

  private static void requireBuilt(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build first with `./mvnw -B -ntp package -DskipTests`");
    }
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static Path invokerJar() {
    try {
      return Path.of(Invoker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path emulatorJar() {
    return PubSubEmulatorJar.find()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Pub/Sub emulator not found: " + PubSubEmulatorJar.INSTALL));
  }

  private <T extends AutoCloseable> T keep(T resource) {
    started.add(resource);
    if (resource instanceof StackProcess p) {
      ProcessHandle.of(p.pid()).ifPresent(processes::add);
    }
    return resource;
  }

  /**
   * The command lines of the stack's processes that are alive, as anyone on the machine sees them.
   */
  public List<String> commandLines() {
    return leftRunning().stream().map(p -> p.info().commandLine().orElse("")).toList();
  }

  /** The secrets this stack made, for tests that look for them where they must not be. */
  List<String> secretValues() {
    return List.of(
        secrets.webhookSecret(), secrets.joinToken().toBase64(), secrets.client().toBase64());
  }

  /** Processes the stack started (and their children) that are still alive. */
  public List<ProcessHandle> leftRunning() {
    List<ProcessHandle> alive = new ArrayList<>();
    for (ProcessHandle p : processes) {
      if (p.isAlive()) {
        alive.add(p);
      }
    }
    return alive;
  }

  static void say(String message) {
    System.out.println("[stack] " + message);
  }

  /** Stops the recorder first (SIGTERM, so it drains), then everything else, newest first. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        say("stopping " + started.get(i) + " failed: " + e.getMessage());
      }
    }
    started.clear();
  }

  static Secret secretOf(String base64) {
    return Secret.fromBase64(base64);
  }
}
