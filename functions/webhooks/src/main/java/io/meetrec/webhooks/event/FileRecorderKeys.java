package io.meetrec.webhooks.event;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.Secret;
import io.meetrec.shared.security.SecretKeySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code recorder-secret} and the optional {@code recorder-secret.previous} (base64 text)
 * from a directory on every call, so a rotated file is used without a restart.
 */
public final class FileRecorderKeys implements RecorderKeys {

  static final String CURRENT = "recorder-secret";
  static final String PREVIOUS = "recorder-secret.previous";

  private final Path dir;

  public FileRecorderKeys(Path dir) {
    this.dir = dir;
  }

  @Override
  public SecretKeySet keys() {
    Secret current = read(dir.resolve(CURRENT));
    if (current == null) {
      throw new RecordingException(ErrorCode.UNAVAILABLE, "recorder secret file missing in " + dir);
    }
    return new SecretKeySet(current, read(dir.resolve(PREVIOUS)));
  }

  private static Secret read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? null : Secret.fromBase64(text);
    } catch (IOException | IllegalArgumentException e) {
      // The message names the file only: its content is a secret.
      throw new RecordingException(ErrorCode.UNAVAILABLE, "recorder secret unreadable: " + file);
    }
  }
}
