package io.meetrec.rotation.sealing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The Kubernetes Secret the rotated values are sealed for, and the controller certificate.
 *
 * @param certificate the controller's public certificate (PEM text, as {@code kubeseal
 *     --fetch-cert} prints it). Defaults to none; then {@code certificateFile} is read.
 * @param certificateFile a file holding that certificate. Defaults to none.
 * @param namespace the Secret's namespace. Defaults to {@code meetrec}.
 * @param secretName the Secret's name. Defaults to {@code recorder-secrets}.
 * @param scope {@code strict}, {@code namespace-wide} or {@code cluster-wide}. Defaults to {@code
 *     strict}.
 */
@ConfigurationProperties(SealingConfiguration.PREFIX)
public record SealingConfiguration(
    @Nullable String certificate,
    @Nullable String certificateFile,
    @Bindable(defaultValue = "meetrec") String namespace,
    @Bindable(defaultValue = "recorder-secrets") String secretName,
    @Bindable(defaultValue = "strict") String scope) {

  public static final String PREFIX = "meetrec.rotation.sealing";

  public SealingScope sealingScope() {
    return SealingScope.fromWire(scope);
  }
}
