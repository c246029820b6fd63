package io.meetrec.recorder.upload;

import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Size, MD5 and CRC32C of some content, in Cloud Storage's encodings (base64 of the digest, and of
 * the big-endian CRC32C), so a local file and a stored object compare directly.
 */
public record Checksums(long size, @Nullable String md5Base64, String crc32cBase64) {

  public static Checksums of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    }
  }

  public static Checksums of(byte[] content) {
    try {
      return of(new java.io.ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static Checksums of(InputStream in) throws IOException {
    MessageDigest md5 = md5();
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 16];
    long size = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      md5.update(buf, 0, n);
      crc.update(buf, 0, n);
      size += n;
    }
    return new Checksums(size, base64(md5.digest()), crc32c(crc.getValue()));
  }

  static String crc32c(long value) {
    return base64(ByteBuffer.allocate(4).putInt((int) value).array());
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
