package io.meetrec.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.testing.Requirements;
import io.meetrec.testing.webhooks.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job as a test: the whole stack on free ports, a signed request, a real
 * recording of the demo meeting, verified webhooks, and nothing left running afterwards.
 */
class LocalStackIT {

  static final int MEETING_SECONDS = 8;

  @Test
  void signedRequestBecomesAPlayableRecordingWithVerifiedWebhooks(@TempDir Path home) {
    for (String program :
        new String[] {"redis-server", "chromium", "Xvfb", "pulseaudio", "ffprobe"}) {
      Requirements.program(
          program, "bin/test installs it (apt-get install the package that has it)");
    }
    Path root = Path.of(System.getProperty("meetrec.root", "..")).toAbsolutePath().normalize();

    DemoRun.Outcome outcome;
    LocalStack stack = LocalStack.start(StackPorts.free(), root, home);
    try {
      outcome = DemoRun.run(stack, MEETING_SECONDS, Duration.ofMinutes(3));
      DemoRun.print(outcome);
      List<String> commandLines = stack.commandLines();
      assertThat(commandLines).as("the stack's processes").hasSizeGreaterThan(3);
      for (String secret : stack.secretValues()) {
        assertThat(commandLines)
            .as("no secret on a command line, where every user of the machine can read it")
            .noneMatch(line -> line.contains(secret));
      }
    } finally {
      stack.close();
    }

    assertThat(outcome.state()).isEqualTo("completed");
    assertThat(outcome.file()).isNotNull();
    assertThat(Files.isRegularFile(outcome.file())).isTrue();
    assertThat(outcome.file().getParent().resolve("metadata.json")).exists();
    assertThat(outcome.streams())
        .contains("codec_name=h264")
        .contains("width=1280|height=720")
        .contains("codec_name=aac");
    double duration =
        Double.parseDouble(outcome.streams().replaceAll("(?s).*duration=([0-9.]+).*", "$1"));
    assertThat(duration).isBetween(MEETING_SECONDS - 1.0, MEETING_SECONDS + 2.0);
    assertThat(outcome.webhookVerified("recording.started")).isTrue();
    assertThat(outcome.webhookVerified("recording.completed")).isTrue();
    assertThat(outcome.webhooks()).allMatch(WebhookReceiver.Delivery::signatureValid);
    assertThat(outcome.webhooks())
        .filteredOn(d -> d.body().contains("\"recording.completed\""))
        .as("exactly one terminal webhook")
        .hasSize(1);
    assertThat(stack.leftRunning()).as("processes of the stack still running").isEmpty();
  }
}
