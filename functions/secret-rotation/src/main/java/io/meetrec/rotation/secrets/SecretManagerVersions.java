package io.meetrec.rotation.secrets;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import io.meetrec.rotation.RotationConfiguration;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link SecretVersions} on Google Secret Manager, with the function's own identity. */
@Singleton
@Requires(
    property = "meetrec.rotation.backend",
    value = "secret-manager",
    defaultValue = "secret-manager")
public final class SecretManagerVersions implements SecretVersions, AutoCloseable {

  private final String projectId;
  private final SecretManagerServiceClient client;

  public SecretManagerVersions(RotationConfiguration config) {
    if (config.projectId() == null || config.projectId().isBlank()) {
      throw new IllegalStateException(
          RotationConfiguration.PREFIX + ".project-id (or GCP_PROJECT_ID) must be set");
    }
    this.projectId = config.projectId();
    try {
      this.client = SecretManagerServiceClient.create();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Secret Manager client", e);
    }
  }

  @Override
  public List<SecretVersion> list(String secretId) {
    List<SecretVersion> out = new ArrayList<>();
    for (com.google.cloud.secretmanager.v1.SecretVersion v :
        client.listSecretVersions(SecretName.of(projectId, secretId)).iterateAll()) {
      out.add(toVersion(v));
    }
    return out;
  }

  @Override
  public SecretVersion add(String secretId, byte[] value) {
    return toVersion(
        client.addSecretVersion(
            SecretName.of(projectId, secretId),
            SecretPayload.newBuilder().setData(ByteString.copyFrom(value)).build()));
  }

  @Override
  public void disable(String secretId, String versionId) {
    client.disableSecretVersion(SecretVersionName.of(projectId, secretId, versionId));
  }

  @Override
  public byte[] access(String secretId, String versionId) {
    return client
        .accessSecretVersion(SecretVersionName.of(projectId, secretId, versionId))
        .getPayload()
        .getData()
        .toByteArray();
  }

  private static SecretVersion toVersion(com.google.cloud.secretmanager.v1.SecretVersion v) {
    String name = v.getName();
    String id = name.substring(name.lastIndexOf('/') + 1);
    Instant created =
        Instant.ofEpochSecond(v.getCreateTime().getSeconds(), v.getCreateTime().getNanos());
    boolean enabled = v.getState() == com.google.cloud.secretmanager.v1.SecretVersion.State.ENABLED;
    return new SecretVersion(id, created, enabled);
  }

  @PreDestroy
  @Override
  public void close() {
    client.close();
  }
}
