package io.meetrec.recorder.config;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A secret mounted as a file (a Kubernetes Secret volume under {@code /var/run/secrets/meetrec/}),
 * re-read whenever the file changes so a rotation needs no restart. Kubernetes swaps the volume's
 * {@code ..data} symlink, which changes the target's inode and modification time; both are compared
 * on every use because a stat is far cheaper than a missed rotation.
 *
 * <p>The file holds base64 key bytes, optionally prefixed {@code whsec_} (the Standard Webhooks
 * form). The value never appears in {@link #toString()}, logs or exceptions.
 */
public final class SecretFile {

  private final Path path;
  private Object fileKey;
  private long modifiedNanos = Long.MIN_VALUE;
  private long size = -1;
  private Secret value;

  public SecretFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** The current secret, re-read if the file changed since the last call. */
  public synchronized Secret current() {
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      long modified = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
      if (value == null
          || modified != modifiedNanos
          || attrs.size() != size
          || !Objects.equals(attrs.fileKey(), fileKey)) {
        value = Secret.fromWebhookSecret(Files.readString(path, StandardCharsets.UTF_8));
        modifiedNanos = modified;
        size = attrs.size();
        fileKey = attrs.fileKey();
      }
      return value;
    } catch (IOException | IllegalArgumentException e) {
      // The message names the file, never its content.
      throw new RecordingException(
          ErrorCode.INTERNAL, "secret file " + path + " is missing or unreadable");
    }
  }

  @Override
  public String toString() {
    return "SecretFile[" + path + ", redacted]";
  }
}
