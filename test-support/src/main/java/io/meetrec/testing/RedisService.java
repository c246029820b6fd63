package io.meetrec.testing;

/** A redis-server for tests: one per test JVM, or the one {@code REDIS_URI} names. */
public record RedisService(String host, int port) {

  public String uri() {
    return "redis://" + host + ":" + port;
  }
}
