package io.meetrec.signing;

import io.meetrec.shared.security.Secret;
import io.meetrec.testing.LocalServices;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Configuration pointing the signing function at the real Redis and a test key for Google's. */
public final class SigningTestServices {

  public static final Secret JOIN_SECRET =
      Secret.of("join-token-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private SigningTestServices() {}

  public static Map<String, String> properties(LocalIdTokens google) {
    Map<String, String> p = new HashMap<>();
    p.put("redis.uri", LocalServices.redis().uri());
    p.put("meetrec.signing.caller.audience", LocalIdTokens.AUDIENCE);
    p.put("meetrec.signing.caller.allowed-emails", LocalIdTokens.RECORDER_EMAIL);
    p.put("meetrec.signing.caller.local-jwks", google.publicJwks());
    p.put("meetrec.signing.token.secret", JOIN_SECRET.toBase64());
    return p;
  }
}
