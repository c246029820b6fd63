package io.meetrec.intake.auth;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.ReplayGuard;
import io.meetrec.shared.security.RequestSignatures;
import io.meetrec.shared.security.SecretKeySet;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Establishes which client sent a request: its secret must verify the signature over the exact
 * bytes received, the timestamp must be recent, and the nonce must not have been seen before.
 */
@Singleton
public class RequestAuthenticator {

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
    if (!CLIENT_ID.matcher(clientId).matches()) {
      throw new RecordingException(ErrorCode.UNKNOWN_CLIENT, "unknown client");
    }
    SecretKeySet keys =
        secrets
            .find(clientId)
            .orElseThrow(() -> new RecordingException(ErrorCode.UNKNOWN_CLIENT, "unknown client"));
    RequestSignatures.VerifiedRequest verified =
        signatures.verify(keys, h::get, request.getMethodName(), pathWithQuery(request), body);
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
