package io.meetrec.intake.auth;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.ReplayGuard;
import io.meetrec.shared.security.RequestSignatures;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes which client sent a request: its secret must verify the signature over the exact
 * bytes received, the timestamp must be recent, and the nonce must not have been seen before.
 */
@Singleton
public class RequestAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final SecretKeySet NOBODYS_KEY = SecretKeySet.of(Secret.generate(32));

  private final ClientSecrets secrets;
  private final ReplayGuard replayGuard;
  private final AuthConfiguration config;
  private final RequestSignatures signatures;

  public RequestAuthenticator(
      ClientSecrets secrets, ReplayGuard replayGuard, AuthConfiguration config) {
    this.secrets = secrets;
    this.replayGuard = replayGuard;
    this.config = config;
    this.signatures = new RequestSignatures(Clock.systemUTC(), config.tolerance());
  }

  /** Refuses a request without signature headers before its body is read. */
  public void requireSignatureHeaders(HttpRequest<?> request) {
    HttpHeaders h = request.getHeaders();
    for (String name :
        new String[] {
          RequestSignatures.CLIENT_HEADER,
          RequestSignatures.TIMESTAMP_HEADER,
          RequestSignatures.NONCE_HEADER,
          RequestSignatures.SIGNATURE_HEADER
        }) {
      if (h.get(name) == null || h.get(name).isBlank()) {
        throw new RecordingException(ErrorCode.SIGNATURE_MISSING, name + " header is required");
      }
    }
  }

  /** Returns the verified client id, or throws a 401 problem. */
  public String authenticate(HttpRequest<?> request, byte[] body) {
    requireSignatureHeaders(request);
    HttpHeaders h = request.getHeaders();
    String clientId = h.get(RequestSignatures.CLIENT_HEADER);
    Optional<SecretKeySet> known =
        CLIENT_ID.matcher(clientId).matches() ? secrets.find(clientId) : Optional.empty();
    if (known.isEmpty()) {
      // Verified against a key nobody holds, so an unknown client gets exactly the answer a known
      // client with a wrong signature gets (expired, or invalid): callers cannot probe for ids.
      LOG.info("signed request from an unknown client");
      signatures.verify(NOBODYS_KEY, h::get, request.getMethodName(), pathWithQuery(request), body);
      throw new RecordingException(ErrorCode.SIGNATURE_INVALID, "signature does not verify");
    }
    RequestSignatures.VerifiedRequest verified =
        signatures.verify(
            known.get(), h::get, request.getMethodName(), pathWithQuery(request), body);
    // Only a verified request may burn its nonce, or anyone could pre-empt a client's nonces.
    if (!replayGuard.firstUse(clientId, verified.nonce(), config.tolerance().multipliedBy(2))) {
      throw new RecordingException(ErrorCode.SIGNATURE_REPLAYED, "request was already received");
    }
    return clientId;
  }

  static String pathWithQuery(HttpRequest<?> request) {
    String path = request.getUri().getRawPath();
    String query = request.getUri().getRawQuery();
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }
}
