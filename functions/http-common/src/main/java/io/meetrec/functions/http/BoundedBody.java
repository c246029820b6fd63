package io.meetrec.functions.http;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit, counting bytes as they arrive, so a chunked body without a
 * Content-Length cannot get past the limit either. The raw bytes are what the signature covers, so
 * they are never re-encoded before checking.
 *
 * <p>An oversized body is still drained up to {@link #DRAIN_LIMIT}: a server that answers before
 * the client finished sending often resets the connection, and the client then sees a broken pipe
 * instead of our 413 document.
 */
public final class BoundedBody {

  static final long DRAIN_LIMIT = 2L * 1024 * 1024;

  private BoundedBody() {}

  public static byte[] read(HttpRequest<?> request, int maxBytes) {
    boolean chunked = request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
    if (request.getContentLength() <= 0 && !chunked) {
      return new byte[0];
    }
    if (!(request instanceof ServletHttpRequest<?, ?> servlet)) {
      throw new RecordingException(ErrorCode.INTERNAL, "request body is not readable here");
    }
    try (InputStream in = servlet.getInputStream()) {
      return readAtMost(in, maxBytes);
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.MALFORMED_JSON, "request body could not be read");
    }
  }

  static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > maxBytes) {
        drain(in, buffer, total);
        throw new RecordingException(
            ErrorCode.BODY_TOO_LARGE, "request body exceeds " + maxBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static void drain(InputStream in, byte[] buffer, long seen) throws IOException {
    long total = seen;
    int n;
    while (total < DRAIN_LIMIT && (n = in.read(buffer)) != -1) {
      total += n;
    }
  }
}
