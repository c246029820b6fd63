package io.meetrec.rotation.secrets;

import java.util.List;

/**
 * The few Secret Manager operations rotation needs. The real implementation is {@link
 * SecretManagerVersions}; {@link InMemorySecretVersions} stands in where Secret Manager has no
 * local form.
 */
public interface SecretVersions {

  /** Every version of the secret, in any order, destroyed ones included (as disabled). */
  List<SecretVersion> list(String secretId);

  /** Adds and enables a new version holding {@code value}. */
  SecretVersion add(String secretId, byte[] value);

  void disable(String secretId, String versionId);

  byte[] access(String secretId, String versionId);
}
