package io.meetrec.signing.token;

import io.meetrec.functions.http.BoundedBody;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.JoinClaims;
import io.meetrec.shared.security.JoinTokens;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.signing.caller.Caller;
import io.meetrec.signing.caller.IdTokenVerifier;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/join-tokens}: a recorder that has claimed a recording asks, just before joining,
 * for the token that admits it to the meeting. The token is minted only for the claim's owner and
 * only while the recording is live, so a token never sits in a queue and a stolen pod identity
 * cannot fetch tokens for other recorders' meetings.
 */
@Controller("/v1/join-tokens")
public class JoinTokenController {

  private static final Logger LOG = LoggerFactory.getLogger(JoinTokenController.class);
  private static final int MAX_BODY_BYTES = 4096;

  private final IdTokenVerifier callers;
  private final JoinTokenRequestParser parser;
  private final RecordingStore store;
  private final JoinTokenSecrets secrets;
  private final TokenConfiguration config;
  private final Clock clock = Clock.systemUTC();

  public JoinTokenController(
      IdTokenVerifier callers,
      JoinTokenRequestParser parser,
      RecordingStore store,
      JoinTokenSecrets secrets,
      TokenConfiguration config) {
    this.callers = callers;
    this.parser = parser;
    this.store = store;
    this.secrets = secrets;
    this.config = config;
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public JoinTokenResponse mint(HttpRequest<?> request) {
    Caller caller = callers.verify(request);
    JoinTokenRequest ask = parser.parse(BoundedBody.read(request, MAX_BODY_BYTES));
    RecordingRecord record =
        store
            .find(ask.recordingId())
            .orElseThrow(() -> new RecordingException(ErrorCode.NOT_FOUND, "no such recording"));
    if (record.state().isTerminal()) {
      throw new RecordingException(ErrorCode.INVALID_STATE, "the recording has already ended");
    }
    if (record.owner() == null || !record.owner().equals(ask.owner())) {
      throw new RecordingException(
          ErrorCode.FORBIDDEN, "the recording is not claimed by this recorder");
    }
    Instant expiresAt = clock.instant().plus(config.ttl());
    String audience = record.conferenceId();
    String token =
        JoinTokens.mint(
            secrets.current(),
            new JoinClaims(
                config.issuer(), audience, record.id(), expiresAt, UUID.randomUUID().toString()));
    LOG.info(
        "join token minted recordingId={} owner={} caller={}",
        record.id(),
        ask.owner(),
        caller.email());
    return new JoinTokenResponse(token, audience, expiresAt);
  }
}
