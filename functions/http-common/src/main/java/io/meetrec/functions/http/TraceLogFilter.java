package io.meetrec.functions.http;

import io.meetrec.shared.logging.TraceContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Puts the request's trace ({@code traceparent}, else {@code X-Cloud-Trace-Context}, which Cloud
 * Run adds) on the log lines of its handling, so Cloud Logging shows a function's lines under the
 * request's trace ({@code logging.googleapis.com/trace}). The function runtime serves one request
 * per thread at a time; the response filter removes the trace again.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class TraceLogFilter implements io.micronaut.core.order.Ordered {

  private static final String SCOPE = TraceLogFilter.class.getName() + ".scope";

  @RequestFilter
  public void open(HttpRequest<?> request) {
    TraceContext.fromHeaders(
            request.getHeaders().get("traceparent"),
            request.getHeaders().get("X-Cloud-Trace-Context"))
        .ifPresent(trace -> request.setAttribute(SCOPE, trace.open()));
  }

  @ResponseFilter
  public void close(HttpRequest<?> request, MutableHttpResponse<?> response) throws Exception {
    AutoCloseable scope = request.getAttribute(SCOPE, AutoCloseable.class).orElse(null);
    if (scope != null) {
      scope.close();
    }
  }

  @Override
  public int getOrder() {
    // Before everything else, so even rejected requests' lines carry the trace.
    return ServerFilterPhase.FIRST.order();
  }
}
