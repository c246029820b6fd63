package io.meetrec.shared.security;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * A URL that passed the {@link UrlGuard}, with the address that was checked.
 *
 * <p>Resolving the host again to connect would reopen the door the guard closed: a DNS answer with
 * a short TTL can name a public address for the check and {@code 127.0.0.1} for the connection (DNS
 * rebinding). Callers therefore connect to {@link #address()} and keep {@code uri().getHost()} for
 * the {@code Host} header and TLS SNI/certificate checks:
 *
 * <ul>
 *   <li>Chromium: {@code --host-resolver-rules="MAP <host> <address>"} pins the name for the
 *       navigation ({@link #hostResolverRule()}).
 *   <li>HTTP clients with a pluggable resolver (Netty's {@code AddressResolverGroup}, OkHttp's
 *       {@code Dns}, Apache's {@code DnsResolver}): answer {@code uri().getHost()} with {@link
 *       #address()} only.
 *   <li>Clients without one: after connecting, check the peer address again with {@link
 *       UrlGuard#refusalReason(InetAddress)} before sending anything.
 * </ul>
 *
 * @param address the resolved (or literal) address that was checked
 */
public record CheckedUrl(URI uri, InetAddress address) {

  public CheckedUrl {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(address, "address");
  }

  /** The host name as written in the URL (lower case, IPv6 literals without brackets). */
  public String host() {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** The port to connect to, the scheme's default when the URL names none. */
  public int port() {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  /** A Chromium {@code --host-resolver-rules} entry that pins the host to the checked address. */
  public String hostResolverRule() {
    String target = address.getHostAddress();
    if (target.contains(":")) {
      target = "[" + target + "]";
    }
    return "MAP " + host() + " " + target;
  }
}
