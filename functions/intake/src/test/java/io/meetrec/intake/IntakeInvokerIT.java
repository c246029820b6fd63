package io.meetrec.intake;

import static io.meetrec.intake.IntakeTestServices.CLIENT;
import static io.meetrec.intake.IntakeTestServices.SECRET;
import static io.meetrec.intake.IntakeTestServices.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.intake.HttpCalls.Reply;
import io.meetrec.testing.FunctionInvoker;
import io.meetrec.testing.ManagedProcess;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The built function jar, booted by the Functions Framework invoker and called over HTTP. */
class IntakeInvokerIT {

  @Test
  void theShadedJarServesSignedCreatesUnderTheInvoker() {
    IntakeTestServices services = new IntakeTestServices();
    int port = ManagedProcess.freePort();
    try (ManagedProcess function =
        FunctionInvoker.start(
            "intake-invoker",
            FunctionInvoker.functionJar(),
            "io.micronaut.gcp.function.http.HttpFunction",
            port,
            services.properties())) {
      HttpCalls calls =
          new HttpCalls(URI.create("http://127.0.0.1:" + port), JsonMapper.createDefault());

      Reply created =
          calls.signed(CLIENT, SECRET, "POST", "/v1/recordings", createBody("conf-invoker"));
      Reply unsigned = calls.send("GET", "/v1/recordings/x", null, java.util.Map.of());

      assertThat(created.status()).as(function.tail()).isEqualTo(202);
      assertThat(unsigned.status()).isEqualTo(401);
      assertThat(unsigned.code()).isEqualTo("signature_missing");
      String id = (String) created.json().get("id");
      assertThat(services.pubsub.pull(services.subscription, 1, Duration.ofSeconds(10)))
          .singleElement()
          .satisfies(
              m -> assertThat(m.getMessage().getAttributesMap()).containsEntry("recordingId", id));
    }
  }
}
