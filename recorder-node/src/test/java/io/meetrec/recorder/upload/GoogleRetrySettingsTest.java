package io.meetrec.recorder.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.retrying.RetrySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoogleRetrySettingsTest {

  @Test
  void theStorageClientRetriesBrieflyInsideOneAttemptAndLeavesLongOutagesToTheUploader() {
    RetrySettings r = UploadTargetFactory.storageOptions().getRetrySettings();
    assertThat(r.getMaxAttempts()).isEqualTo(4);
    assertThat(r.getTotalTimeoutDuration()).isEqualTo(Duration.ofMinutes(3));
    assertThat(r.getMaxRetryDelayDuration()).isEqualTo(Duration.ofSeconds(8));
  }
}
