package io.meetrec.recorder.join;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Asks the signing function for the join token, authenticated with this pod's Google identity (an
 * ID token for the function's URL, from Workload Identity via the metadata server). The function
 * checks that the caller is the recorder service account and that the recording is claimed by
 * {@code owner}.
 *
 * <p>Request: {@code POST <signingUrl>/v1/join-tokens} ({@link #PATH}; the signing function's
 * {@code JoinTokenController}) with {@code {"recordingId", "owner"}} (this recorder's identity, as
 * it claimed the recording in Redis); answer {@code 200 {"token": "<compact JWS>", "audience",
 * "expiresAt"}}. Any other status, no token or no answer is {@code join_token_failed}.
 */
@Singleton
@Requires(
    property = JoinTokenConfiguration.PREFIX + ".mode",
    value = "signing",
    defaultValue = "signing")
public class SigningFunctionJoinTokenClient implements JoinTokenClient {

  @Serdeable
  record TokenRequest(String recordingId, String owner) {}

  @Serdeable
  record TokenResponse(String token, @Nullable String audience, @Nullable Instant expiresAt) {}

  static final String PATH = "/v1/join-tokens";

  private final JoinTokenConfiguration config;
  private final String owner;
  private final JsonMapper json;
  private final HttpClient http;
  private final IdTokenSource idTokens;

  /** Where the bearer token comes from: the pod's Google identity, or a stand-in in tests. */
  interface IdTokenSource {
    String idToken(String audience) throws IOException;
  }

  @Inject
  public SigningFunctionJoinTokenClient(
      JoinTokenConfiguration config, RecorderConfiguration recorder, JsonMapper json) {
    this(
        config,
        recorder,
        json,
        config.localIdentityKeyFile() == null
            ? SigningFunctionJoinTokenClient::googleIdToken
            : new LocalIdentityTokens(
                Path.of(config.localIdentityKeyFile()), config.localIdentityEmail()));
  }

  SigningFunctionJoinTokenClient(
      JoinTokenConfiguration config,
      RecorderConfiguration recorder,
      JsonMapper json,
      IdTokenSource idTokens) {
    this.config = config;
    this.owner = recorder.owner();
    this.json = json;
    this.idTokens = idTokens;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
  }

  @Override
  public String joinToken(RecordingJob job) {
    if (config.signingUrl() == null || config.signingUrl().isBlank()) {
      throw new RecordingException(
          ErrorCode.JOIN_TOKEN_FAILED,
          JoinTokenConfiguration.PREFIX + ".signing-url is not configured");
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(config.signingUrl().replaceAll("/+$", "") + PATH))
              .timeout(config.timeout())
              .header("Content-Type", "application/json")
              .header(
                  "Authorization",
                  "Bearer "
                      + idTokens.idToken(
                          config.audience() != null ? config.audience() : config.signingUrl()))
              .POST(
                  HttpRequest.BodyPublishers.ofByteArray(
                      json.writeValueAsBytes(new TokenRequest(job.recordingId(), owner))))
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new RecordingException(
            ErrorCode.JOIN_TOKEN_FAILED, "signing function answered " + response.statusCode());
      }
      TokenResponse body = json.readValue(response.body(), TokenResponse.class);
      if (body == null || body.token() == null || body.token().isBlank()) {
        throw new RecordingException(ErrorCode.JOIN_TOKEN_FAILED, "signing function sent no token");
      }
      return body.token();
    } catch (IOException e) {
      throw new RecordingException(
          ErrorCode.JOIN_TOKEN_FAILED, "signing function unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordingException(ErrorCode.JOIN_TOKEN_FAILED, "interrupted", e);
    }
  }

  private static String googleIdToken(String audience) throws IOException {
    GoogleCredentials credentials = GoogleCredentials.getApplicationDefault();
    if (!(credentials instanceof IdTokenProvider provider)) {
      throw new RecordingException(
          ErrorCode.JOIN_TOKEN_FAILED, "the pod's credentials cannot mint ID tokens");
    }
    IdTokenCredentials id =
        IdTokenCredentials.newBuilder()
            .setIdTokenProvider(provider)
            .setTargetAudience(audience)
            .build();
    id.refresh();
    return id.getIdToken().getTokenValue();
  }
}
