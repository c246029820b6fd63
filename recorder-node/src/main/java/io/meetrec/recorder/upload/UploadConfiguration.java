package io.meetrec.recorder.upload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where finished recordings go.
 *
 * @param target {@code gcs} (Cloud Storage, {@code bucket} required) or {@code local} (a directory
 *     with the same layout). Defaults to {@code local}
 * @param bucket the Cloud Storage bucket for {@code gcs}
 * @param directory the root directory for {@code local}. Defaults to {@code
 *     /var/lib/meetrec/uploads}
 * @param attempts how many times an upload is tried before the recording fails with {@code
 *     upload_failed}. Defaults to 5
 * @param initialBackoff the wait after the first failed attempt, doubled each time. Defaults to 1 s
 * @param maxBackoff the longest wait between attempts. Defaults to 30 s
 */
@ConfigurationProperties(UploadConfiguration.PREFIX)
public record UploadConfiguration(
    @Bindable(defaultValue = "local") String target,
    @Nullable String bucket,
    @Bindable(defaultValue = "/var/lib/meetrec/uploads") String directory,
    @Bindable(defaultValue = "5") int attempts,
    @Bindable(defaultValue = "1s") Duration initialBackoff,
    @Bindable(defaultValue = "30s") Duration maxBackoff) {

  public static final String PREFIX = "meetrec.recorder.upload";
}
