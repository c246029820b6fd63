package io.meetrec.rotation.sink;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where the SealedSecret goes so Flux picks it up: an object in the GitOps bucket (a Flux {@code
 * Bucket} source), or a directory locally.
 *
 * @param bucket the GitOps bucket. Defaults to none; then {@code directory} is used.
 * @param directory a local directory. Defaults to none.
 * @param objectName the object (or file) name. Defaults to {@code
 *     sealed-secrets/recorder-secrets.yaml}.
 */
@ConfigurationProperties(SinkConfiguration.PREFIX)
public record SinkConfiguration(
    @Nullable String bucket,
    @Nullable String directory,
    @Bindable(defaultValue = "sealed-secrets/recorder-secrets.yaml") String objectName) {

  public static final String PREFIX = "meetrec.rotation.sink";
}
