package io.meetrec.recorder.meeting;

import io.meetrec.shared.security.CheckedUrl;
import io.meetrec.shared.security.UrlGuard;
import io.meetrec.shared.security.UrlPolicy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;

/**
 * The outbound-URL guard applied to a job's meeting URL just before the browser opens it: refuses
 * non-web schemes, hosts off the allow-list, and names that resolve to loopback, private,
 * link-local or metadata addresses. In a cluster the NetworkPolicy also keeps Chromium away from
 * those ranges, which covers a name that changes its answer between this check and the browser's
 * own lookup.
 */
@Singleton
public class MeetingUrlGuard {

  private final UrlGuard guard;

  public MeetingUrlGuard(MeetingUrlConfiguration config) {
    UrlPolicy policy =
        new UrlPolicy(
            config.allowHttp() ? Set.of("https", "http") : Set.of("https"),
            config.allowedHosts() == null ? List.of() : config.allowedHosts(),
            config.allowPrivateAddresses(),
            Set.of());
    this.guard = new UrlGuard(policy);
  }

  /**
   * @throws io.meetrec.shared.error.RecordingException {@code URL_REFUSED}
   */
  public CheckedUrl check(String meetingUrl) {
    return guard.check(meetingUrl);
  }
}
