package io.meetrec.intake.download;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * @param kind {@code gcs} (V4 signed URLs) or {@code local} (the file's own location). Defaults to
 *     {@code local}.
 * @param ttl how long a signed download URL works. Defaults to 15 minutes.
 * @param bucket the recordings bucket: with {@code gcs}, links are signed only for its objects.
 *     Defaults to none, which signs none.
 */
@ConfigurationProperties(DownloadConfiguration.PREFIX)
public record DownloadConfiguration(
    @Bindable(defaultValue = "local") String kind,
    @Bindable(defaultValue = "15m") Duration ttl,
    @Nullable String bucket) {

  public static final String PREFIX = "meetrec.intake.download";
}
