package io.meetrec.rotation.sealing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Where a sealed value may be unsealed. The controller binds each value to its scope through the
 * RSA-OAEP label, so a value sealed for one Secret cannot be moved to another.
 */
public enum SealingScope {
  /** Only as this name in this namespace: label {@code "<namespace>/<name>"}. */
  STRICT(Map.of()),
  /** Under any name in this namespace: label {@code "<namespace>"}. */
  NAMESPACE_WIDE(Map.of("sealedsecrets.bitnami.com/namespace-wide", "true")),
  /** Anywhere in the cluster: empty label. */
  CLUSTER_WIDE(Map.of("sealedsecrets.bitnami.com/cluster-wide", "true"));

  private final Map<String, String> annotations;

  SealingScope(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public byte[] label(String namespace, String name) {
    String label =
        switch (this) {
          case STRICT -> namespace + "/" + name;
          case NAMESPACE_WIDE -> namespace;
          case CLUSTER_WIDE -> "";
        };
    return label.getBytes(StandardCharsets.UTF_8);
  }

  /** The annotations the controller reads to know the scope. */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** {@code strict}, {@code namespace-wide}, {@code cluster-wide}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static SealingScope fromWire(String wire) {
    for (SealingScope s : values()) {
      if (s.wireName().equalsIgnoreCase(wire.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope '" + wire + "'; use strict, namespace-wide or cluster-wide");
  }
}
