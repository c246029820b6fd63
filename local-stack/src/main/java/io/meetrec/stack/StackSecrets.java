package io.meetrec.stack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.meetrec.shared.security.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The secrets of one local run, made fresh each time and kept in files readable only by this user:
 * the demo client's request secret, the recorder secret that signs events, the join-token secret,
 * the customer's webhook secret, and the key that stands in for Google's when the recorder proves
 * its identity to the signing function.
 */
public final class StackSecrets {

  /** The identity the local recorder claims towards the signing function. */
  public static final String RECORDER_IDENTITY =
      "meetrec-recorder@meetrec-local.iam.gserviceaccount.com";

  private final Path dir;
  private final Secret client;
  private final Secret recorder;
  private final Secret joinToken;
  private final Secret webhook;
  private final RSAKey callerKey;

  private StackSecrets(Path dir) {
    this.dir = dir;
    this.client = Secret.generate(32);
    this.recorder = Secret.generate(32);
    this.joinToken = Secret.generate(32);
    this.webhook = Secret.generate(32);
    try {
      this.callerKey = new RSAKeyGenerator(2048).keyID("local-google").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static StackSecrets create(Path dir) {
    StackSecrets s = new StackSecrets(dir);
    s.write();
    return s;
  }

  private void write() {
    try {
      Files.createDirectories(dir);
      writePrivate(
          clientsFile(), "{\"" + LocalStack.CLIENT_ID + "\":\"" + client.toBase64() + "\"}");
      writePrivate(recorderSecretFile(), recorder.toBase64());
      writePrivate(dir.resolve("join-token-secret"), joinToken.toBase64());
      writePrivate(callerKeyFile(), callerKey.toJSONString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  public Path dir() {
    return dir;
  }

  public Path clientsFile() {
    return dir.resolve("clients.json");
  }

  public Path recorderSecretFile() {
    return dir.resolve("recorder-secret");
  }

  public Path callerKeyFile() {
    return dir.resolve("caller-key.jwk");
  }

  public Secret client() {
    return client;
  }

  public Secret joinToken() {
    return joinToken;
  }

  /** The customer's webhook secret in the Standard Webhooks form. */
  public String webhookSecret() {
    return Secret.WEBHOOK_SECRET_PREFIX + Base64.getEncoder().encodeToString(webhook.bytes());
  }

  /** The public half of the caller key, as the JWKS the signing function trusts locally. */
  public String callerJwks() {
    return new JWKSet(callerKey.toPublicJWK()).toString();
  }

  @Override
  public String toString() {
    return "StackSecrets[" + dir + "]";
  }
}
