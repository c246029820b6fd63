package io.meetrec.intake.recordings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * What the intake accepts in a recording request.
 *
 * @param allowedMeetingHosts hosts a {@code meetingUrl} may name (exact, or {@code *.example.com}
 *     for subdomains). Defaults to none, which refuses every meeting URL until configured.
 * @param allowHttp accept {@code http} URLs; local development only. Defaults to false.
 * @param allowPrivateAddresses accept URLs resolving to loopback/private addresses; local
 *     development only. Defaults to false.
 * @param maxBodyBytes the largest request body. Defaults to 65536.
 * @param maxDurationSeconds the longest recording a caller may ask for. Defaults to 14400 (4 h).
 * @param defaultDurationSeconds used when the request names none. Defaults to 3600.
 * @param maxWidth defaults to 1920.
 * @param maxHeight defaults to 1080.
 * @param maxFps defaults to 30.
 * @param maxMetadataEntries defaults to 16.
 * @param maxMetadataKeyLength defaults to 64.
 * @param maxMetadataValueLength defaults to 256.
 * @param maxConferenceIdLength defaults to 128.
 * @param maxUrlLength defaults to 2048.
 * @param queueTtl how long a request may wait for a recorder before it expires. Defaults to 10
 *     minutes.
 * @param listLimit the default and largest page of a conference list. Defaults to 50.
 */
@ConfigurationProperties(RecordingsConfiguration.PREFIX)
public record RecordingsConfiguration(
    @Nullable List<String> allowedMeetingHosts,
    @Bindable(defaultValue = "false") boolean allowHttp,
    @Bindable(defaultValue = "false") boolean allowPrivateAddresses,
    @Bindable(defaultValue = "65536") int maxBodyBytes,
    @Bindable(defaultValue = "14400") int maxDurationSeconds,
    @Bindable(defaultValue = "3600") int defaultDurationSeconds,
    @Bindable(defaultValue = "1920") int maxWidth,
    @Bindable(defaultValue = "1080") int maxHeight,
    @Bindable(defaultValue = "30") int maxFps,
    @Bindable(defaultValue = "16") int maxMetadataEntries,
    @Bindable(defaultValue = "64") int maxMetadataKeyLength,
    @Bindable(defaultValue = "256") int maxMetadataValueLength,
    @Bindable(defaultValue = "128") int maxConferenceIdLength,
    @Bindable(defaultValue = "2048") int maxUrlLength,
    @Bindable(defaultValue = "10m") Duration queueTtl,
    @Bindable(defaultValue = "50") int listLimit) {

  public static final String PREFIX = "meetrec.intake.recordings";

  public RecordingsConfiguration {
    allowedMeetingHosts =
        allowedMeetingHosts == null ? List.of() : List.copyOf(allowedMeetingHosts);
  }
}
