package io.meetrec.stack;

import io.meetrec.shared.security.RequestSignatures;
import io.meetrec.shared.security.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A caller of the intake API that signs each request as the README describes. */
public final class IntakeClient {

  /** An answer: status and body text. */
  public record Answer(int status, String body) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String clientId;
  private final Secret secret;

  public IntakeClient(String baseUrl, String clientId, Secret secret) {
    this.baseUrl = baseUrl;
    this.clientId = clientId;
    this.secret = secret;
  }

  public Answer post(String path, String json, String idempotencyKey) {
    return send("POST", path, json, idempotencyKey);
  }

  public Answer get(String path) {
    return send("GET", path, "", null);
  }

  private Answer send(String method, String path, String body, String idempotencyKey) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long ts = System.currentTimeMillis() / 1000;
    String nonce = UUID.randomUUID().toString();
    Map<String, String> headers =
        RequestSignatures.headers(secret, clientId, ts, nonce, method, path, bytes);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach(b::header);
    if (!body.isEmpty()) {
      b.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
