package io.meetrec.intake.recordings;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.security.HostResolver;
import io.meetrec.shared.security.UrlGuard;
import io.meetrec.shared.security.UrlPolicy;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The two URL policies of a create request: a meeting URL must name an allow-listed host, a webhook
 * URL any public address. Both refuse loopback, private, link-local and metadata addresses after
 * DNS resolution, so a host name pointing inside our network is caught too.
 */
@Singleton
public class MeetingUrls {

  private final UrlGuard meetings;
  private final UrlGuard webhooks;
  private final boolean meetingHostsConfigured;

  public MeetingUrls(RecordingsConfiguration config) {
    UrlPolicy base =
        UrlPolicy.DEFAULT
            .withAllowedSchemes(config.allowHttp() ? Set.of("http", "https") : Set.of("https"))
            .withAllowPrivateAddresses(config.allowPrivateAddresses());
    this.meetingHostsConfigured = !config.allowedMeetingHosts().isEmpty();
    this.meetings =
        new UrlGuard(
            base.withAllowedHostSuffixes(config.allowedMeetingHosts()), HostResolver.system());
    this.webhooks = new UrlGuard(base, HostResolver.system());
  }

  /** The meeting URL as checked; throws URL_REFUSED. */
  public String checkMeeting(String url) {
    if (!meetingHostsConfigured) {
      // An empty suffix list means "any host" to the guard; for meetings it means "none yet".
      throw new RecordingException(ErrorCode.URL_REFUSED, "no meeting hosts are allowed yet");
    }
    return meetings.check(url).uri().toString();
  }

  public String checkWebhook(String url) {
    return webhooks.check(url).uri().toString();
  }
}
