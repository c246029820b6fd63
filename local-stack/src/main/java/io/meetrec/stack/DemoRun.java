package io.meetrec.stack;

import io.meetrec.shared.recording.RecordingState;
import io.meetrec.testing.webhooks.WebhookReceiver;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The demo: asks the stack's intake for a recording of the demo meeting, follows it to its end and
 * reports what came of it. The end-to-end test runs exactly this.
 */
public final class DemoRun {

  /** What the demo saw. */
  public record Outcome(
      String recordingId,
      String state,
      Map<String, Object> status,
      Path file,
      String streams,
      List<WebhookReceiver.Delivery> webhooks) {

    public boolean webhookVerified(String type) {
      return webhooks.stream()
          .anyMatch(d -> d.signatureValid() && d.body().contains("\"" + type + "\""));
    }
  }

  private static final ObjectMapper JSON = ObjectMapper.getDefault();

  private DemoRun() {}

  /** Records a meeting of about {@code seconds} and waits for it and its webhooks. */
  public static Outcome run(LocalStack stack, int seconds, Duration timeout) {
    IntakeClient intake =
        new IntakeClient(stack.intakeUrl(), LocalStack.CLIENT_ID, stack.secrets().client());
    String body =
        """
        {"meetingUrl": "%s", "conferenceId": "demo-conference", "maxDurationSeconds": %d,
         "webhookUrl": "%s", "metadata": {"source": "bin/demo"}}
        """
            .formatted(
                stack.meetingUrl(seconds),
                seconds * 3,
                stack.receiver().url(LocalStack.WEBHOOK_PATH));
    IntakeClient.Answer created = intake.post("/v1/recordings", body, UUID.randomUUID().toString());
    LocalStack.say("POST /v1/recordings → " + created.status() + " " + created.body().strip());
    if (created.status() != 202) {
      throw new IllegalStateException("the intake refused the demo request: " + created.body());
    }
    String id = (String) read(created.body()).get("id");

    Instant deadline = Instant.now().plus(timeout);
    Map<String, Object> status = Map.of();
    String state = "queued";
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      status = read(intake.get("/v1/recordings/" + id).body());
      state = String.valueOf(status.get("status"));
      String line = state + progressText(status);
      if (!line.equals(last)) {
        LocalStack.say("recording " + id + ": " + line);
        last = line;
      }
      if (RecordingState.fromWire(state).isTerminal()) {
        break;
      }
      if (!stack.recorderAlive()) {
        throw new IllegalStateException(
            "the recorder exited; see " + stack.logs().resolve("recorder.log"));
      }
      sleep(1000);
    }
    // The terminal webhook follows the terminal state by a push and a delivery.
    Instant webhookDeadline = Instant.now().plusSeconds(30);
    String terminalType = "recording." + state;
    while (Instant.now().isBefore(webhookDeadline)
        && !stack.receiver().received(d -> d.body().contains("\"" + terminalType + "\""))) {
      sleep(500);
    }
    Path file = outputFile(status);
    return new Outcome(
        id,
        state,
        status,
        file,
        file == null ? "" : Ffprobe.summary(file),
        stack.receiver().deliveries());
  }

  @SuppressWarnings("unchecked")
  private static String progressText(Map<String, Object> status) {
    Object p = status.get("progress");
    if (p instanceof Map<?, ?> m && m.get("recordedSeconds") != null) {
      Map<String, Object> progress = (Map<String, Object>) m;
      return " — %.1f s recorded, %s bytes"
          .formatted(
              ((Number) progress.get("recordedSeconds")).doubleValue(), progress.get("bytes"));
    }
    return "";
  }

  @SuppressWarnings("unchecked")
  static Path outputFile(Map<String, Object> status) {
    if (!(status.get("output") instanceof Map<?, ?> out) || out.get("uri") == null) {
      return null;
    }
    String uri = String.valueOf(((Map<String, Object>) out).get("uri"));
    return uri.startsWith("file:") ? Path.of(URI.create(uri)) : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  /** Prints the outcome for a person. */
  public static void print(Outcome o) {
    System.out.println();
    System.out.println("== recording " + o.recordingId() + ": " + o.state());
    try {
      System.out.println(new String(JSON.writeValueAsBytes(o.status())));
    } catch (IOException e) {
      System.out.println(o.status());
    }
    if (o.file() != null) {
      System.out.println("== file: " + o.file() + " (" + size(o.file()) + " bytes)");
      System.out.println(o.streams());
    }
    System.out.println("== webhooks received (" + o.webhooks().size() + ")");
    for (WebhookReceiver.Delivery d : o.webhooks()) {
      System.out.println(
          "  %s  signature %s  id=%s  %s"
              .formatted(
                  d.receivedAt(),
                  d.signatureValid() ? "VERIFIED" : "INVALID",
                  d.webhookId(),
                  typeOf(d.body())));
    }
  }

  private static String typeOf(String body) {
    Object type = read(body).get("type");
    return type == null ? "?" : type.toString();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n")));
  }
}
