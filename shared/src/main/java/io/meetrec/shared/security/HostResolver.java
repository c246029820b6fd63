package io.meetrec.shared.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution for the {@link UrlGuard}, replaceable so tests need no DNS. */
@FunctionalInterface
public interface HostResolver {

  /** Every address the name resolves to; the guard refuses the URL unless all are acceptable. */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver ({@link InetAddress#getAllByName}). */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
