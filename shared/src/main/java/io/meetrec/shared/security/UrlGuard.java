package io.meetrec.shared.security;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether the system may fetch or open a URL given by a caller (meeting pages, webhooks),
 * so that nobody can point the recorder's browser or the webhook sender at the cloud metadata
 * server, the pod network or the machine itself (SSRF).
 *
 * <p>Only web schemes pass; user info, which browsers use to disguise the real host, is refused.
 * Numeric hosts must be canonical dotted quads because browsers read {@code 2130706433}, {@code
 * 0x7f.1} or {@code 0177.0.0.1} as {@code 127.0.0.1} where Java would not. Names are resolved and
 * every address must be public, since a client may pick any of them. The result carries the address
 * that was checked; see {@link CheckedUrl} for how to connect to exactly that address.
 *
 * <p>Refusals are {@link RecordingException}s with {@link ErrorCode#URL_REFUSED}; their messages
 * never quote the path or query (meeting URLs often carry a passcode) nor the resolved address
 * (which would map internal DNS for whoever asks).
 */
public final class UrlGuard {

  private static final int MAX_URL_LENGTH = 4096;
  private static final Set<String> METADATA_HOSTS =
      Set.of("metadata.google.internal", "metadata", "metadata.goog");
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final Pattern CANONICAL_IPV4 =
      Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

  private final UrlPolicy policy;
  private final HostResolver resolver;

  public UrlGuard(UrlPolicy policy) {
    this(policy, HostResolver.system());
  }

  public UrlGuard(UrlPolicy policy, HostResolver resolver) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  public UrlPolicy policy() {
    return policy;
  }

  /**
   * @throws RecordingException {@code URL_REFUSED}
   */
  public CheckedUrl check(String url) {
    if (url == null || url.isEmpty()) {
      throw refused("URL is missing");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw refused("URL is longer than " + MAX_URL_LENGTH + " characters");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      // Browsers strip or reinterpret these (a backslash acts as a slash), so the URL they open
      // could differ from the one checked here.
      if (c <= 0x20 || c == 0x7f || c == '\\') {
        throw refused("URL contains whitespace, control characters or backslashes");
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw refused("URL is not well-formed");
    }
    return check(uri);
  }

  /**
   * @throws RecordingException {@code URL_REFUSED}
   */
  public CheckedUrl check(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw refused("URL must be absolute");
    }
    if (!policy.allowedSchemes().contains(scheme.toLowerCase(Locale.ROOT))) {
      throw refused(
          "URL scheme is not allowed; allowed: " + String.join(", ", policy.allowedSchemes()));
    }
    if (uri.isOpaque()) {
      throw refused("URL must have the form scheme://host/path");
    }
    String authority = uri.getRawAuthority();
    if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
      throw refused("URL must not contain user info");
    }
    String rawHost = uri.getHost();
    if (rawHost == null || rawHost.isEmpty()) {
      throw refused("URL has no valid host name");
    }
    int port = uri.getPort() == -1 ? ("http".equalsIgnoreCase(scheme) ? 80 : 443) : uri.getPort();
    if (port < 1 || port > 65535) {
      throw refused("URL port is out of range");
    }
    if (!policy.allowedPorts().isEmpty() && !policy.allowedPorts().contains(port)) {
      throw refused("URL port " + port + " is not allowed");
    }
    String host = normalizeHost(rawHost);
    if (METADATA_HOSTS.contains(host) || host.endsWith(".metadata.google.internal")) {
      throw refused("host " + host + " is a cloud metadata server");
    }
    if (!policy.hostAllowed(host)) {
      throw refused("host " + host + " is not on the allow-list");
    }
    InetAddress literal = literalAddress(host);
    if (literal != null) {
      refusalFor(literal)
          .ifPresent(
              reason -> {
                throw refused("URL points to " + reason);
              });
      return new CheckedUrl(uri, literal);
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw refused("host " + host + " does not resolve");
    }
    if (addresses == null || addresses.isEmpty()) {
      throw refused("host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      refusalFor(address)
          .ifPresent(
              reason -> {
                throw refused("host " + host + " resolves to " + reason);
              });
    }
    return new CheckedUrl(uri, addresses.get(0));
  }

  /**
   * Why an address is not public, e.g. "a loopback address"; empty for a public address. For
   * re-checking the peer of a connection made by a client that resolves names itself.
   */
  public static Optional<String> refusalReason(InetAddress address) {
    AddressClass kind = classify(address.getAddress());
    return kind == AddressClass.PUBLIC ? Optional.empty() : Optional.of(kind.description);
  }

  private Optional<String> refusalFor(InetAddress address) {
    AddressClass kind = classify(address.getAddress());
    if (kind == AddressClass.PUBLIC
        || (policy.allowPrivateAddresses() && !kind.refusedEvenInDevelopment)) {
      return Optional.empty();
    }
    return Optional.of(kind.description);
  }

  private static String normalizeHost(String rawHost) {
    String host = rawHost.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /** The address a literal host denotes, without DNS; null for a name. */
  private static InetAddress literalAddress(String host) {
    if (host.contains(":")) {
      if (host.contains("%")) {
        throw refused("IPv6 zone ids are not allowed");
      }
      try {
        // A string with a colon is parsed as an IPv6 literal, never looked up.
        return InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw refused("URL has no valid host name");
      }
    }
    String lastLabel = host.substring(host.lastIndexOf('.') + 1);
    if (!NUMERIC_LABEL.matcher(lastLabel).matches()) {
      return null;
    }
    if (!CANONICAL_IPV4.matcher(host).matches()) {
      throw refused("numeric hosts must be written as four decimal octets");
    }
    String[] octets = host.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) Integer.parseInt(octets[i]);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  private static AddressClass classify(byte[] a) {
    return a.length == 4 ? classifyIpv4(a, 0) : classifyIpv6(a);
  }

  private static AddressClass classifyIpv4(byte[] bytes, int offset) {
    int b0 = bytes[offset] & 0xff;
    int b1 = bytes[offset + 1] & 0xff;
    int b2 = bytes[offset + 2] & 0xff;
    int b3 = bytes[offset + 3] & 0xff;
    if (b0 == 169 && b1 == 254 && b2 == 169 && b3 == 254) {
      return AddressClass.METADATA;
    }
    if (b0 == 0) {
      return AddressClass.UNSPECIFIED;
    }
    if (b0 == 127) {
      return AddressClass.LOOPBACK;
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return AddressClass.PRIVATE;
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return AddressClass.SHARED;
    }
    if (b0 == 169 && b1 == 254) {
      return AddressClass.LINK_LOCAL;
    }
    if ((b0 == 192 && b1 == 0 && b2 == 2)
        || (b0 == 198 && b1 == 51 && b2 == 100)
        || (b0 == 203 && b1 == 0 && b2 == 113)) {
      return AddressClass.DOCUMENTATION;
    }
    if (b0 >= 224 && b0 <= 239) {
      return AddressClass.MULTICAST;
    }
    if (b0 == 255 && b1 == 255 && b2 == 255 && b3 == 255) {
      return AddressClass.BROADCAST;
    }
    if ((b0 == 192 && b1 == 0 && b2 == 0)
        || (b0 == 192 && b1 == 88 && b2 == 99)
        || (b0 == 198 && (b1 & 0xfe) == 18)
        || b0 >= 240) {
      return AddressClass.RESERVED;
    }
    return AddressClass.PUBLIC;
  }

  private static AddressClass classifyIpv6(byte[] a) {
    if (a[0] == (byte) 0xfd
        && a[1] == 0
        && a[2] == 0x0e
        && a[3] == (byte) 0xc2
        && zero(a, 4, 14)
        && a[14] == 0x02
        && a[15] == 0x54) {
      return AddressClass.METADATA;
    }
    if (zero(a, 0, 16)) {
      return AddressClass.UNSPECIFIED;
    }
    if (zero(a, 0, 15) && a[15] == 1) {
      return AddressClass.LOOPBACK;
    }
    if (zero(a, 0, 10) && a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
      return classifyIpv4(a, 12); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (zero(a, 0, 12)) {
      // IPv4-compatible ::a.b.c.d, deprecated: never a legitimate destination.
      AddressClass embedded = classifyIpv4(a, 12);
      return embedded == AddressClass.PUBLIC ? AddressClass.RESERVED : embedded;
    }
    int first16 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
    int second16 = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
    if (first16 == 0x0064 && second16 == 0xff9b) {
      // NAT64: 64:ff9b::/96 reaches the embedded IPv4 address; 64:ff9b:1::/48 is local use.
      return zero(a, 4, 12) ? classifyIpv4(a, 12) : AddressClass.PRIVATE;
    }
    if (first16 == 0x2002) {
      return classifyIpv4(a, 2); // 6to4 carries the IPv4 address of the relay target
    }
    if (first16 == 0x2001 && second16 == 0x0db8) {
      return AddressClass.DOCUMENTATION;
    }
    if (first16 == 0x2001 && (a[2] & 0xfe) == 0) {
      return AddressClass.RESERVED; // 2001::/23, incl. Teredo with its obfuscated IPv4 address
    }
    if ((first16 & 0xfff0) == 0x3ff0) {
      return AddressClass.DOCUMENTATION; // 3fff::/20
    }
    if ((a[0] & 0xfe) == 0xfc) {
      return AddressClass.UNIQUE_LOCAL;
    }
    if ((first16 & 0xffc0) == 0xfe80) {
      return AddressClass.LINK_LOCAL;
    }
    if ((first16 & 0xffc0) == 0xfec0) {
      return AddressClass.PRIVATE; // deprecated site-local
    }
    if ((a[0] & 0xff) == 0xff) {
      return AddressClass.MULTICAST;
    }
    if ((a[0] & 0xe0) != 0x20) {
      return AddressClass.RESERVED; // outside global unicast 2000::/3
    }
    return AddressClass.PUBLIC;
  }

  private static boolean zero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static RecordingException refused(String reason) {
    return new RecordingException(ErrorCode.URL_REFUSED, reason);
  }

  private enum AddressClass {
    PUBLIC("a public address", false),
    UNSPECIFIED("an unspecified address", false),
    LOOPBACK("a loopback address", false),
    PRIVATE("a private address", false),
    SHARED("a carrier-grade NAT address", false),
    UNIQUE_LOCAL("a unique local address", false),
    DOCUMENTATION("a documentation address", false),
    MULTICAST("a multicast address", false),
    BROADCAST("the broadcast address", false),
    RESERVED("a reserved address", false),
    // Never wanted, not even in local development: the metadata server hands out credentials.
    LINK_LOCAL("a link-local address", true),
    METADATA("a cloud metadata server", true);

    final String description;
    final boolean refusedEvenInDevelopment;

    AddressClass(String description, boolean refusedEvenInDevelopment) {
      this.description = description;
      this.refusedEvenInDevelopment = refusedEvenInDevelopment;
    }
  }
}
