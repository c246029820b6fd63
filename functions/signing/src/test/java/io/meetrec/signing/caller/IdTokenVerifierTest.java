package io.meetrec.signing.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.signing.LocalIdTokens;
import io.micronaut.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdTokenVerifierTest {

  private final LocalIdTokens google = new LocalIdTokens("unit-key");
  private final IdTokenVerifier verifier =
      new IdTokenVerifier(
          new CallerConfiguration(
              LocalIdTokens.AUDIENCE,
              List.of(LocalIdTokens.RECORDER_EMAIL),
              null,
              "https://www.googleapis.com/oauth2/v3/certs",
              google.publicJwks(),
              Duration.ofHours(1)));

  @Test
  void acceptsAGoogleShapedTokenForTheRecorder() {
    Caller caller = verifier.verify(HttpRequest.POST("/", "").bearerAuth(google.token()));

    assertThat(caller.email()).isEqualTo(LocalIdTokens.RECORDER_EMAIL);
  }

  @Test
  void refusesATokenWithoutTheAudienceOfThisFunction() {
    String token = google.token(c -> c.audience("https://other.example/"));

    assertThatThrownBy(() -> verifier.verify(HttpRequest.POST("/", "").bearerAuth(token)))
        .isInstanceOf(RecordingException.class)
        .extracting(e -> ((RecordingException) e).code())
        .isEqualTo(ErrorCode.TOKEN_INVALID);
  }
}
