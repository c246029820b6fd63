package io.meetrec.recorder.lease;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Applies {@link StoreConfiguration} to the Redis client: the command timeout (also enforced on
 * commands queued while disconnected) and a reconnect backoff capped at {@code reconnectMaxDelay},
 * so the recorder is back within seconds of Redis.
 */
@Singleton
public class StoreConnectionTuning
    implements ClientResourcesMutator, BeanCreatedEventListener<RedisClient> {

  private final StoreConfiguration config;

  public StoreConnectionTuning(StoreConfiguration config) {
    this.config = config;
  }

  @Override
  public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration redis) {
    builder.reconnectDelay(
        Delay.exponential(
            Duration.ofMillis(100),
            config.reconnectMaxDelay(),
            2,
            java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  @Override
  public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
    RedisClient client = event.getBean();
    client.setDefaultTimeout(config.commandTimeout());
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
            .build());
    return client;
  }
}
