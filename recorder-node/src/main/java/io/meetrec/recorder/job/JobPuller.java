package io.meetrec.recorder.job;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import io.meetrec.recorder.drain.Drain;
import io.meetrec.recorder.metrics.RecorderMetrics;
import io.meetrec.recorder.session.SessionManager;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.gcp.GoogleCloudConfiguration;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls jobs from {@code recording-requests-recorder} only as fast as slots free up.
 *
 * <p>Why synchronous pull and not micronaut-gcp's {@code @PubSubListener}: the listener runs on the
 * streaming-pull {@code Subscriber}, whose flow control is fixed when it is built, so it would
 * lease messages a full recorder cannot start and hold them while its slots are busy. Here each
 * pull asks for exactly {@link SessionManager#freeSlots()} messages (none when full or draining),
 * every message is decided (claim, expire, drop) and acked within milliseconds of arriving, and a
 * full or draining pod holds no message at all, so another pod gets it. Nothing but this puller's
 * own admissions lowers the free slots (warm-up counts as free), so a message pulled for a slot
 * finds it: capacity never hands a message back or costs it a delivery attempt. The stub reuses
 * micronaut-gcp's {@code pubsub} channel and credentials, so the emulator switch ({@code
 * PUBSUB_EMULATOR_HOST}) is the same as for the rest of the app.
 */
@Singleton
@Requires(property = JobConfiguration.PREFIX + ".enabled", notEquals = "false")
public class JobPuller implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(JobPuller.class);

  private final SubscriberStub stub;
  private final String subscription;
  private final JobHandler handler;
  private final SessionManager sessions;
  private final Drain drain;
  private final JobConfiguration config;
  private final RecorderMetrics metrics;
  private volatile boolean running;
  private Thread thread;

  public JobPuller(
      JobConfiguration config,
      GoogleCloudConfiguration gcp,
      @Named("pubsub") TransportChannelProvider channels,
      @Named("pubsub") CredentialsProvider credentials,
      JobHandler handler,
      SessionManager sessions,
      Drain drain,
      RecorderMetrics metrics)
      throws IOException {
    this.config = config;
    this.metrics = metrics;
    this.handler = handler;
    this.sessions = sessions;
    this.drain = drain;
    this.subscription = ProjectSubscriptionName.format(gcp.getProjectId(), config.subscription());
    this.stub =
        GrpcSubscriberStub.create(
            SubscriberStubSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(credentials)
                .build());
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    start();
  }

  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "job-puller");
    thread.setDaemon(true);
    thread.start();
    LOG.info("pulling jobs from {}", subscription);
  }

  private void loop() {
    long failureBackoffMs = 0;
    while (running) {
      try {
        boolean got = pullOnce();
        failureBackoffMs = 0;
        if (!got) {
          Thread.sleep(config.pollEvery().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Pub/Sub away or the subscription missing: back off up to 30 s rather than spin.
        failureBackoffMs = Math.min(30_000, Math.max(1000, failureBackoffMs * 2));
        LOG.warn("pull failed, next try in {} ms: {}", failureBackoffMs, e.getMessage());
        if (!sleepQuietly(failureBackoffMs)) {
          return;
        }
      }
    }
  }

  /** One pull for the free slots; false when nothing was asked for or nothing came. */
  boolean pullOnce() {
    if (drain.isDraining()) {
      return false;
    }
    int free = sessions.freeSlots();
    if (free == 0) {
      return false;
    }
    PullResponse response =
        stub.pullCallable()
            .call(
                PullRequest.newBuilder()
                    .setSubscription(subscription)
                    .setMaxMessages(free)
                    .setReturnImmediately(true)
                    .build());
    List<ReceivedMessage> messages = response.getReceivedMessagesList();
    for (ReceivedMessage m : messages) {
      JobHandler.Verdict verdict;
      if (drain.isDraining()) {
        // Drain began during the pull: the sessions' wait may already be over, so no new one.
        metrics.handedBack("draining");
        verdict = JobHandler.Verdict.NACK;
      } else {
        verdict = handler.handle(m);
      }
      if (verdict == JobHandler.Verdict.ACK) {
        stub.acknowledgeCallable()
            .call(
                AcknowledgeRequest.newBuilder()
                    .setSubscription(subscription)
                    .addAckIds(m.getAckId())
                    .build());
      } else {
        // Deadline 0 = hand it back now, for this or another recorder.
        stub.modifyAckDeadlineCallable()
            .call(
                ModifyAckDeadlineRequest.newBuilder()
                    .setSubscription(subscription)
                    .addAckIds(m.getAckId())
                    .setAckDeadlineSeconds(0)
                    .build());
      }
    }
    return !messages.isEmpty();
  }

  private static boolean sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @PreDestroy
  synchronized void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(5000);
    }
    stub.close();
  }
}
