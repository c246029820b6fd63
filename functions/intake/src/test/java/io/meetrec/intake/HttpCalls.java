package io.meetrec.intake;

import io.meetrec.shared.security.RequestSignatures;
import io.meetrec.shared.security.Secret;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Plain HTTP calls against a running intake, signed the way a real client signs them. */
public final class HttpCalls {

  public record Reply(
      int status, Map<String, List<String>> headers, String body, Map<String, Object> json) {

    public String code() {
      return json == null ? null : (String) json.get("code");
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }
  }

  private final URI base;
  private final JsonMapper json;

  public HttpCalls(URI base, JsonMapper json) {
    this.base = base;
    this.json = json;
  }

  /** Signature headers for a request as {@code client} with {@code secret}, signed now. */
  public static Map<String, String> signatureHeaders(
      String client, Secret secret, String method, String pathWithQuery, byte[] body) {
    return signatureHeaders(
        client, secret, method, pathWithQuery, body, Instant.now(), UUID.randomUUID().toString());
  }

  public static Map<String, String> signatureHeaders(
      String client,
      Secret secret,
      String method,
      String pathWithQuery,
      byte[] body,
      Instant at,
      String nonce) {
    return RequestSignatures.headers(
        secret, client, at.getEpochSecond(), nonce, method, pathWithQuery, body);
  }

  public Reply signed(
      String client, Secret secret, String method, String pathWithQuery, String body) {
    return signed(client, secret, method, pathWithQuery, body, Map.of());
  }

  public Reply signed(
      String client,
      Secret secret,
      String method,
      String pathWithQuery,
      String body,
      Map<String, String> extra) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.putAll(signatureHeaders(client, secret, method, pathWithQuery, bytes));
    if (body != null && !headers.containsKey("Content-Type")) {
      headers.put("Content-Type", "application/json");
    }
    return send(method, pathWithQuery, bytes, headers);
  }

  /**
   * Sends with {@link HttpURLConnection}: the in-process test server of
   * micronaut-gcp-function-http-test answers chunked while also copying a Content-Length header,
   * and unlike java.net.http this client lets the chunked framing win, as HTTP/1.1 requires.
   */
  public Reply send(String method, String pathWithQuery, byte[] body, Map<String, String> headers) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) base.resolve(pathWithQuery).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(5000);
      c.setReadTimeout(30000);
      c.setRequestProperty("Connection", "close");
      headers.forEach(c::setRequestProperty);
      if (body != null && body.length > 0) {
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, Object> parsed = null;
      if (text.startsWith("{")) {
        parsed =
            json.readValue(
                text.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
      }
      Map<String, List<String>> responseHeaders = new java.util.HashMap<>(c.getHeaderFields());
      responseHeaders.remove(null);
      c.disconnect();
      return new Reply(status, responseHeaders, text, parsed);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + pathWithQuery + " failed: " + e, e);
    }
  }
}
