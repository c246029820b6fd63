package io.meetrec.recorder.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.retrying.RetrySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PublisherRetrySettingsTest {

  @Test
  void thePublisherRetriesNoLongerThanOnePublishIsWaitedFor() {
    RetrySettings r = PubSubEventTopic.retrySettings(Duration.ofSeconds(30));
    assertThat(r.getTotalTimeoutDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.getMaxRpcTimeoutDuration()).isLessThanOrEqualTo(Duration.ofSeconds(30));
  }
}
