package io.meetrec.shared.security;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a {@link UrlGuard} lets through.
 *
 * @param allowedSchemes a subset of {@code http}, {@code https}. Defaults to {@code https} only.
 * @param allowedHostSuffixes a host passes when it equals an entry or ends with {@code "." +
 *     entry}; a leading {@code "*."} or {@code "."} is ignored. Defaults to empty, meaning any
 *     host.
 * @param allowPrivateAddresses lets loopback, private and other non-public addresses through, for
 *     local development only; link-local and cloud metadata endpoints stay refused. Defaults to
 *     false.
 * @param allowedPorts Defaults to empty, meaning any port.
 */
public record UrlPolicy(
    Set<String> allowedSchemes,
    List<String> allowedHostSuffixes,
    boolean allowPrivateAddresses,
    Set<Integer> allowedPorts) {

  private static final Set<String> WEB_SCHEMES = Set.of("http", "https");

  /** HTTPS to any public host. */
  public static final UrlPolicy DEFAULT =
      new UrlPolicy(Set.of("https"), List.of(), false, Set.of());

  public UrlPolicy {
    allowedSchemes =
        allowedSchemes == null || allowedSchemes.isEmpty()
            ? Set.of("https")
            : allowedSchemes.stream()
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    for (String scheme : allowedSchemes) {
      if (!WEB_SCHEMES.contains(scheme)) {
        throw new IllegalArgumentException("only http and https can be allowed, not " + scheme);
      }
    }
    allowedHostSuffixes =
        allowedHostSuffixes == null
            ? List.of()
            : allowedHostSuffixes.stream().map(UrlPolicy::normalizeSuffix).toList();
    allowedPorts = allowedPorts == null ? Set.of() : Set.copyOf(allowedPorts);
  }

  /** The default policy restricted to hosts under the given suffixes. */
  public static UrlPolicy httpsOnlyHosts(List<String> hostSuffixes) {
    return new UrlPolicy(Set.of("https"), hostSuffixes, false, Set.of());
  }

  public UrlPolicy withAllowedHostSuffixes(List<String> hostSuffixes) {
    return new UrlPolicy(allowedSchemes, hostSuffixes, allowPrivateAddresses, allowedPorts);
  }

  public UrlPolicy withAllowedSchemes(Set<String> schemes) {
    return new UrlPolicy(schemes, allowedHostSuffixes, allowPrivateAddresses, allowedPorts);
  }

  public UrlPolicy withAllowPrivateAddresses(boolean allow) {
    return new UrlPolicy(allowedSchemes, allowedHostSuffixes, allow, allowedPorts);
  }

  public UrlPolicy withAllowedPorts(Set<Integer> ports) {
    return new UrlPolicy(allowedSchemes, allowedHostSuffixes, allowPrivateAddresses, ports);
  }

  boolean hostAllowed(String host) {
    if (allowedHostSuffixes.isEmpty()) {
      return true;
    }
    for (String suffix : allowedHostSuffixes) {
      if (host.equals(suffix) || host.endsWith("." + suffix)) {
        return true;
      }
    }
    return false;
  }

  private static String normalizeSuffix(String suffix) {
    String s = Objects.requireNonNull(suffix, "host suffix").strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("*.")) {
      s = s.substring(2);
    } else if (s.startsWith(".")) {
      s = s.substring(1);
    }
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty host suffix");
    }
    return s;
  }
}
