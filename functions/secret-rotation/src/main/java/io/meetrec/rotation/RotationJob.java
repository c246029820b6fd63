package io.meetrec.rotation;

import io.meetrec.rotation.sealing.ClusterCertificate;
import io.meetrec.rotation.sealing.HybridSealer;
import io.meetrec.rotation.sealing.SealedSecretManifest;
import io.meetrec.rotation.sealing.SealingConfiguration;
import io.meetrec.rotation.secrets.RotationResult;
import io.meetrec.rotation.secrets.SecretRotator;
import io.meetrec.rotation.sink.SealedSecretSink;
import io.meetrec.rotation.sink.SinkConfiguration;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run (hourly, and once during the deploying {@code terraform apply}): give every seeded {@link
 * ManagedSecret} its first version if it has none, rotate the rotated ones by age, then publish the
 * recorder's Kubernetes Secret (current and previous values) as a SealedSecret for Flux. The
 * manifest is rewritten only when a secret changed or none was published yet, so a run inside the
 * interval leaves the GitOps source untouched. While the cluster's sealed-secrets controller does
 * not answer yet (before {@code flux bootstrap}), the secrets are still seeded and the manifest
 * waits for a later run.
 */
@Singleton
public final class RotationJob {

  private static final Logger LOG = LoggerFactory.getLogger(RotationJob.class);

  private final SecretRotator rotator;
  private final SealingConfiguration sealing;
  private final SinkConfiguration sinkConfig;
  private final SealedSecretSink sink;
  private final ClusterCertificate clusterCertificate;
  private final RotationConfiguration config;
  private final SecureRandom random = new SecureRandom();

  public RotationJob(
      SecretRotator rotator,
      SealingConfiguration sealing,
      SinkConfiguration sinkConfig,
      SealedSecretSink sink,
      RotationConfiguration config,
      @Nullable ClusterCertificate clusterCertificate) {
    this.rotator = rotator;
    this.sealing = sealing;
    this.sinkConfig = sinkConfig;
    this.sink = sink;
    this.config = config;
    this.clusterCertificate = clusterCertificate;
  }

  /** Runs the rotation; returns what happened to each rotated secret. */
  public List<RotationResult> run() {
    for (ManagedSecret secret : ManagedSecret.values()) {
      if (!secret.rotated()) {
        seed(secret);
      }
    }
    List<RotationResult> results = new ArrayList<>();
    for (ManagedSecret secret : ManagedSecret.values()) {
      if (!secret.rotated()) {
        continue;
      }
      try {
        RotationResult r = rotator.rotate(secret.secretId());
        results.add(r);
        StructuredLog.event(LogEvent.SECRET_ROTATED)
            .with(LogField.SECRET_ID, secret.secretId())
            .with(LogField.OUTCOME, r.added() != null ? "rotated" : "unchanged")
            .info(
                LOG,
                "secret {}: current version {}, previous {}, added {}, disabled {}",
                secret.secretId(),
                r.current(),
                r.previous(),
                r.added(),
                r.disabled());
      } catch (RuntimeException e) {
        StructuredLog.event(LogEvent.SECRET_ROTATED)
            .with(LogField.SECRET_ID, secret.secretId())
            .with(LogField.OUTCOME, "failed")
            .error(LOG, e, "rotating {} failed", secret.secretId());
        throw e;
      }
    }
    boolean changed = results.stream().anyMatch(RotationResult::changed);
    if (changed || !sink.exists(sinkConfig.objectName())) {
      Optional<HybridSealer> sealer = sealer();
      if (sealer.isPresent()) {
        publish(results, sealer.get());
      } else {
        LOG.warn(
            "SealedSecret {} not published: the sealed-secrets controller's certificate is not"
                + " available yet (the next run retries)",
            sinkConfig.objectName());
      }
    }
    return results;
  }

  private void seed(ManagedSecret secret) {
    try {
      String added =
          rotator.seed(secret.secretId(), secret.seedValue(random, config.secretBytes()));
      StructuredLog.event(LogEvent.SECRET_ROTATED)
          .with(LogField.SECRET_ID, secret.secretId())
          .with(LogField.OUTCOME, added != null ? "seeded" : "unchanged")
          .info(LOG, "secret {}: first version {}", secret.secretId(), added);
    } catch (RuntimeException e) {
      StructuredLog.event(LogEvent.SECRET_ROTATED)
          .with(LogField.SECRET_ID, secret.secretId())
          .with(LogField.OUTCOME, "failed")
          .error(LOG, e, "seeding {} failed", secret.secretId());
      throw e;
    }
  }

  private void publish(List<RotationResult> results, HybridSealer sealer) {
    List<ManagedSecret> rotated =
        java.util.Arrays.stream(ManagedSecret.values()).filter(ManagedSecret::rotated).toList();
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      ManagedSecret secret = rotated.get(i);
      RotationResult r = results.get(i);
      values.put(secret.kubernetesKey(), bytes(rotator.value(r.secretId(), r.current())));
      if (r.previous() != null) {
        values.put(
            secret.previousKubernetesKey(), bytes(rotator.value(r.secretId(), r.previous())));
      }
    }
    String manifest =
        new SealedSecretManifest(sealer)
            .render(sealing.namespace(), sealing.secretName(), sealing.sealingScope(), values);
    sink.write(sinkConfig.objectName(), manifest.getBytes(StandardCharsets.UTF_8));
    LOG.info(
        "published SealedSecret {}/{} ({} scope) as {} with keys {}",
        sealing.namespace(),
        sealing.secretName(),
        sealing.sealingScope().wireName(),
        sinkConfig.objectName(),
        values.keySet());
  }

  /** A configured certificate (local runs, tests), else the cluster's controller's. */
  private Optional<HybridSealer> sealer() {
    if (sealing.certificate() != null && !sealing.certificate().isBlank()) {
      return Optional.of(
          HybridSealer.fromCertificate(sealing.certificate().getBytes(StandardCharsets.US_ASCII)));
    }
    if (sealing.certificateFile() != null && !sealing.certificateFile().isBlank()) {
      try {
        return Optional.of(HybridSealer.fromCertificateFile(Path.of(sealing.certificateFile())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + sealing.certificateFile(), e);
      }
    }
    if (clusterCertificate != null) {
      try {
        return clusterCertificate.fetch().map(HybridSealer::fromCertificate);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the cluster " + sealing.cluster(), e);
      }
    }
    throw new IllegalStateException(
        "set " + SealingConfiguration.PREFIX + ".cluster, .certificate or .certificate-file");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
