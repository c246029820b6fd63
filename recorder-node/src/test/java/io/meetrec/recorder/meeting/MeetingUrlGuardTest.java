package io.meetrec.recorder.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeetingUrlGuardTest {

  final MeetingUrlGuard cloud =
      new MeetingUrlGuard(new MeetingUrlConfiguration(null, false, false));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8090/meeting/demo",
        "https://127.0.0.1/",
        "https://10.0.0.1/room",
        "https://169.254.169.254/computeMetadata/v1/",
        "https://[::1]/",
        "https://localhost/",
        "https://metadata.google.internal/",
        "file:///etc/passwd",
        "chrome://settings",
        "javascript:alert(1)"
      })
  void refusesMeetingPagesOutsideThePublicWeb(String url) {
    assertThatThrownBy(() -> cloud.check(url))
        .isInstanceOf(RecordingException.class)
        .extracting(e -> ((RecordingException) e).code())
        .isEqualTo(ErrorCode.URL_REFUSED);
  }

  @Test
  void acceptsAPublicHttpsPageAndHonoursTheAllowList() {
    assertThat(cloud.check("https://93.184.216.34/room/1").address().getHostAddress())
        .isEqualTo("93.184.216.34");
    MeetingUrlGuard listed =
        new MeetingUrlGuard(new MeetingUrlConfiguration(List.of("meet.example.com"), false, false));
    assertThatThrownBy(() -> listed.check("https://93.184.216.34/room/1"))
        .isInstanceOf(RecordingException.class);
  }

  @Test
  void localStackSwitchesAllowTheDemoPage() {
    MeetingUrlGuard local = new MeetingUrlGuard(new MeetingUrlConfiguration(null, true, true));
    assertThat(local.check("http://127.0.0.1:8090/meeting/demo").uri().getPort()).isEqualTo(8090);
  }
}
