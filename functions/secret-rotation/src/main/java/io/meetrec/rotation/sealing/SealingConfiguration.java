package io.meetrec.rotation.sealing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The Kubernetes Secret the rotated values are sealed for, and the controller certificate.
 *
 * @param certificate the controller's public certificate (PEM text, as {@code kubeseal
 *     --fetch-cert} prints it). Defaults to none; then {@code certificateFile} is read.
 * @param certificateFile a file holding that certificate. Defaults to none; then the certificate is
 *     fetched from the controller of {@code cluster}.
 * @param cluster the GKE cluster ({@code projects/<p>/locations/<l>/clusters/<n>}) whose
 *     sealed-secrets controller's certificate is fetched through the Kubernetes API server's
 *     service proxy on every run, as {@code kubeseal --fetch-cert} does. Defaults to none.
 * @param controllerNamespace namespace of the controller's Service. Defaults to {@code
 *     kube-system}.
 * @param controllerName name of the controller's Service. Defaults to {@code
 *     sealed-secrets-controller}.
 * @param containerApi base URL of the Container API. Defaults to {@code
 *     https://container.googleapis.com}.
 * @param namespace the Secret's namespace. Defaults to {@code meetrec}.
 * @param secretName the Secret's name. Defaults to {@code recorder-secrets}.
 * @param scope {@code strict}, {@code namespace-wide} or {@code cluster-wide}. Defaults to {@code
 *     strict}.
 */
@ConfigurationProperties(SealingConfiguration.PREFIX)
public record SealingConfiguration(
    @Nullable String certificate,
    @Nullable String certificateFile,
    @Nullable String cluster,
    @Bindable(defaultValue = "kube-system") String controllerNamespace,
    @Bindable(defaultValue = "sealed-secrets-controller") String controllerName,
    @Bindable(defaultValue = "https://container.googleapis.com") String containerApi,
    @Bindable(defaultValue = "meetrec") String namespace,
    @Bindable(defaultValue = "recorder-secrets") String secretName,
    @Bindable(defaultValue = "strict") String scope) {

  public static final String PREFIX = "meetrec.rotation.sealing";

  public SealingScope sealingScope() {
    return SealingScope.fromWire(scope);
  }
}
