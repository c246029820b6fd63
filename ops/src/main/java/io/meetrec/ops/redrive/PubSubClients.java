package io.meetrec.ops.redrive;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Pub/Sub clients of one run. With {@code PUBSUB_EMULATOR_HOST} set they talk to that emulator
 * over a plaintext channel without credentials, as the Google client libraries of other languages
 * do; otherwise the libraries' defaults: pubsub.googleapis.com with application default
 * credentials.
 */
final class PubSubClients implements AutoCloseable {

  static final String EMULATOR_HOST = "PUBSUB_EMULATOR_HOST";

  private final String emulatorHost;
  private final ManagedChannel emulatorChannel;
  private final TransportChannelProvider emulatorChannels;
  private final CredentialsProvider emulatorCredentials = NoCredentialsProvider.create();

  private PubSubClients(String emulatorHost) {
    this.emulatorHost = emulatorHost;
    if (emulatorHost == null) {
      emulatorChannel = null;
      emulatorChannels = null;
    } else {
      emulatorChannel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
      emulatorChannels =
          FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
    }
  }

  static PubSubClients fromEnvironment(Map<String, String> env) {
    String host = env.get(EMULATOR_HOST);
    return new PubSubClients(host == null || host.isBlank() ? null : host.trim());
  }

  /** {@code host:port} of the emulator, or null for Google Cloud. */
  String emulatorHost() {
    return emulatorHost;
  }

  SubscriberStub subscriber() throws IOException {
    SubscriberStubSettings.Builder settings = SubscriberStubSettings.newBuilder();
    if (emulatorChannel != null) {
      settings.setTransportChannelProvider(emulatorChannels);
      settings.setCredentialsProvider(emulatorCredentials);
    }
    return GrpcSubscriberStub.create(settings.build());
  }

  /**
   * A publisher to {@code topic}. Ordering is on so that a dead-lettered message that kept its
   * ordering key is published with it; messages without a key are unaffected.
   */
  Publisher publisher(TopicName topic) throws IOException {
    Publisher.Builder builder = Publisher.newBuilder(topic).setEnableMessageOrdering(true);
    if (emulatorChannel != null) {
      builder.setChannelProvider(emulatorChannels).setCredentialsProvider(emulatorCredentials);
    }
    return builder.build();
  }

  @Override
  public void close() throws InterruptedException {
    if (emulatorChannel != null) {
      emulatorChannel.shutdown();
      emulatorChannel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
