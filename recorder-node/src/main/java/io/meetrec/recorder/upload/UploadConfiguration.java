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
 * @param retryBudget how long an upload keeps being retried (while the recorder still holds the
 *     recording's lease) before the recording fails with {@code upload_failed}; the file stays in
 *     the work directory for the next start-up's sweep. Defaults to 15 min
 * @param initialBackoff the wait after the first failed attempt, doubled each time (with jitter).
 *     Defaults to 1 s
 * @param maxBackoff the longest wait between attempts. Defaults to 30 s
 * @param partsEvery how often the fragments recorded so far go to the target as the next part, so a
 *     pod that dies loses at most about this much; {@code 0s} ships nothing until the end. Defaults
 *     to 10 s
 */
@ConfigurationProperties(UploadConfiguration.PREFIX)
public record UploadConfiguration(
    @Bindable(defaultValue = "local") String target,
    @Nullable String bucket,
    @Bindable(defaultValue = "/var/lib/meetrec/uploads") String directory,
    @Bindable(defaultValue = "15m") Duration retryBudget,
    @Bindable(defaultValue = "1s") Duration initialBackoff,
    @Bindable(defaultValue = "30s") Duration maxBackoff,
    @Bindable(defaultValue = "4s") Duration partsEvery) {

  public static final String PREFIX = "meetrec.recorder.upload";
}
