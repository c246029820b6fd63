package io.meetrec.recorder.join;

import io.meetrec.recorder.config.SecretFile;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.security.JoinClaims;
import io.meetrec.shared.security.JoinTokens;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Mints join tokens in-process with the shared {@link JoinTokens} and a key file, exactly as the
 * signing function does, for the local stack and tests where no signing function runs. Never use it
 * in the cloud: there the key stays with the signing function.
 */
@Singleton
@Requires(property = JoinTokenConfiguration.PREFIX + ".mode", value = "local")
public class LocalJoinTokenClient implements JoinTokenClient {

  private final JoinTokenConfiguration config;
  private final SecretFile key;

  public LocalJoinTokenClient(JoinTokenConfiguration config) {
    this.config = config;
    this.key = new SecretFile(Path.of(config.localSecretFile()));
  }

  @Override
  public String joinToken(RecordingJob job) {
    try {
      return JoinTokens.mint(
          key.current(),
          JoinClaims.forRecording(
              config.issuer(),
              job.conferenceId(),
              job.recordingId(),
              Clock.systemUTC(),
              config.ttl()));
    } catch (RecordingException | IllegalArgumentException e) {
      throw new RecordingException(ErrorCode.JOIN_TOKEN_FAILED, e.getMessage(), e);
    }
  }
}
