package io.meetrec.recorder.session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.meetrec.shared.store.RecordingStore;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears stop requests on the intake's Redis channel ({@link RecordingStore#STOP_CHANNEL}, the
 * recording id as the message) and passes those for our sessions on. Lettuce resubscribes after a
 * reconnect; sessions also poll the stop flag, so a message lost meanwhile only delays the stop.
 */
@Context
public class StopRequests {

  private static final Logger LOG = LoggerFactory.getLogger(StopRequests.class);

  private final StatefulRedisPubSubConnection<String, String> connection;

  public StopRequests(RedisClient redis, SessionManager sessions) {
    this.connection = redis.connectPubSub();
    connection.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String recordingId) {
            if (sessions.requestStop(recordingId)) {
              LOG.info("stop requested for {}", recordingId);
            }
          }
        });
    connection.sync().subscribe(RecordingStore.STOP_CHANNEL);
  }

  @PreDestroy
  void close() {
    connection.close();
  }
}
