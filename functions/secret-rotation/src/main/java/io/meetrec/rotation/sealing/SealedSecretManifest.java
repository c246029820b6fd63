package io.meetrec.rotation.sealing;

import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes a {@code bitnami.com/v1alpha1} SealedSecret whose controller-made Secret holds the given
 * values. The YAML is written by hand: every value is base64 and every name is checked against the
 * Kubernetes name rules, so nothing needs quoting beyond what is done here.
 */
public final class SealedSecretManifest {

  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private final HybridSealer sealer;

  public SealedSecretManifest(HybridSealer sealer) {
    this.sealer = sealer;
  }

  public String render(
      String namespace, String name, SealingScope scope, Map<String, byte[]> values) {
    requireName(namespace, "namespace");
    requireName(name, "name");
    byte[] label = scope.label(namespace, name);
    SortedMap<String, String> encrypted = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (!DATA_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid Secret data key: " + key);
          }
          encrypted.put(key, Base64.getEncoder().encodeToString(sealer.seal(value, label)));
        });
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: bitnami.com/v1alpha1\n");
    y.append("kind: SealedSecret\n");
    metadata(y, "", namespace, name, scope);
    y.append("spec:\n");
    y.append("  encryptedData:\n");
    encrypted.forEach((k, v) -> y.append("    ").append(k).append(": ").append(v).append('\n'));
    y.append("  template:\n");
    metadata(y, "    ", namespace, name, scope);
    y.append("    type: Opaque\n");
    return y.toString();
  }

  private static void metadata(
      StringBuilder y, String indent, String namespace, String name, SealingScope scope) {
    y.append(indent).append("metadata:\n");
    y.append(indent).append("  name: ").append(name).append('\n');
    y.append(indent).append("  namespace: ").append(namespace).append('\n');
    if (!scope.annotations().isEmpty()) {
      y.append(indent).append("  annotations:\n");
      new TreeMap<>(scope.annotations())
          .forEach(
              (k, v) ->
                  y.append(indent)
                      .append("    ")
                      .append(k)
                      .append(": \"")
                      .append(v)
                      .append("\"\n"));
    }
  }

  private static void requireName(String value, String what) {
    if (value == null || value.length() > 253 || !DNS_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid Kubernetes " + what + ": " + value);
    }
  }
}
