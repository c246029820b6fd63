package io.meetrec.rotation;

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
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run: rotate every {@link ManagedSecret}, then publish the recorder's Kubernetes
 * Secret (current and previous values) as a SealedSecret for Flux. The manifest is rewritten only
 * when a secret changed or none was published yet, so a run inside the interval leaves the GitOps
 * source untouched.
 */
@Singleton
public final class RotationJob {

  private static final Logger LOG = LoggerFactory.getLogger(RotationJob.class);

  private final SecretRotator rotator;
  private final SealingConfiguration sealing;
  private final SinkConfiguration sinkConfig;
  private final SealedSecretSink sink;

  public RotationJob(
      SecretRotator rotator,
      SealingConfiguration sealing,
      SinkConfiguration sinkConfig,
      SealedSecretSink sink) {
    this.rotator = rotator;
    this.sealing = sealing;
    this.sinkConfig = sinkConfig;
    this.sink = sink;
  }

  /** Runs the rotation; returns what happened to each secret. */
  public List<RotationResult> run() {
    List<RotationResult> results = new ArrayList<>();
    for (ManagedSecret secret : ManagedSecret.values()) {
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
      publish(results);
    }
    return results;
  }

  private void publish(List<RotationResult> results) {
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      ManagedSecret secret = ManagedSecret.values()[i];
      RotationResult r = results.get(i);
      values.put(secret.kubernetesKey(), bytes(rotator.value(r.secretId(), r.current())));
      if (r.previous() != null) {
        values.put(
            secret.previousKubernetesKey(), bytes(rotator.value(r.secretId(), r.previous())));
      }
    }
    String manifest =
        new SealedSecretManifest(sealer())
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

  private HybridSealer sealer() {
    if (sealing.certificate() != null && !sealing.certificate().isBlank()) {
      return HybridSealer.fromCertificate(
          sealing.certificate().getBytes(StandardCharsets.US_ASCII));
    }
    if (sealing.certificateFile() != null && !sealing.certificateFile().isBlank()) {
      try {
        return HybridSealer.fromCertificateFile(Path.of(sealing.certificateFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + sealing.certificateFile(), e);
      }
    }
    throw new IllegalStateException(
        "set " + SealingConfiguration.PREFIX + ".certificate or .certificate-file");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
