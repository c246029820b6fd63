package io.meetrec.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.testing.ManagedProcess;
import io.meetrec.testing.Requirements;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's supervisor with a real process in the recorder's place (a redis-server, which listens
 * like the recorder does): SIGKILLed, it is announced, restarted on its port, and its previous log
 * kept.
 */
class RecorderSupervisorIT {

  @TempDir Path logs;

  @Test
  void aKilledRecorderIsAnnouncedAndRestartedAsTheKubeletWould() throws Exception {
    Path server = Requirements.program("redis-server", "apt-get install -y redis-server");
    int port = ManagedProcess.freePort();
    List<String> cmd =
        List.of(
            server.toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no");
    PrintStream out = System.out;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    System.setOut(new PrintStream(said, true, StandardCharsets.UTF_8));
    try (RecorderSupervisor supervisor =
        RecorderSupervisor.start(
            () -> StackProcess.start("recorder", cmd, Map.of(), logs, Duration.ofSeconds(5)),
            port,
            logs)) {
      long first = supervisor.pid();
      ProcessHandle.of(first).orElseThrow().destroyForcibly();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // Until the supervisor itself has seen the new recorder answer and said so: closing earlier
      // interrupts its wait and the announcement never comes.
      while (supervisor.restarts() < 1
          || !listening(port)
          || !said.toString(StandardCharsets.UTF_8).contains("the recorder is back")) {
        assertThat(System.nanoTime()).as("restarted within 30 s").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(supervisor.pid()).isNotEqualTo(first);
      assertThat(supervisor.isAlive()).isTrue();
      assertThat(logs.resolve("recorder.previous-1.log")).exists();
      assertThat(Files.exists(logs.resolve("recorder.log"))).isTrue();
    } finally {
      System.setOut(out);
    }
    String text = said.toString(StandardCharsets.UTF_8);
    out.print(text);
    assertThat(text)
        .contains("the recorder (pid")
        .contains("died: killed by signal 9")
        .contains("restarting it as Kubernetes would")
        .contains("the recorder is back");
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
