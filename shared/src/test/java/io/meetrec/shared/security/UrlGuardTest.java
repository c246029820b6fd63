package io.meetrec.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {

  /** Answers from a fixed table and fails the test if anything else is looked up. */
  private static HostResolver fakeDns(Map<String, List<String>> table) {
    return host -> {
      List<String> answers = table.get(host);
      if (answers == null) {
        throw new UnknownHostException(host);
      }
      return answers.stream().map(UrlGuardTest::literal).toList();
    };
  }

  private static final HostResolver NO_DNS =
      host -> {
        throw new AssertionError("unexpected DNS lookup of " + host);
      };

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static RecordingException refusal(UrlGuard guard, String url) {
    RecordingException e = catchThrowableOfType(RecordingException.class, () -> guard.check(url));
    assertThat(e).as("expected %s to be refused", url).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.URL_REFUSED);
    return e;
  }

  private final UrlGuard guard = new UrlGuard(UrlPolicy.DEFAULT, NO_DNS);
  private final UrlGuard httpGuard =
      new UrlGuard(UrlPolicy.DEFAULT.withAllowedSchemes(Set.of("http", "https")), NO_DNS);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/",
        "https://127.8.9.10:8443/x",
        "https://10.0.0.1/",
        "https://172.16.0.1/",
        "https://172.31.255.255/",
        "https://192.168.1.1/",
        "https://169.254.169.254/computeMetadata/v1/",
        "https://169.254.1.1/",
        "https://100.64.0.1/",
        "https://100.127.255.255/",
        "https://0.0.0.0/",
        "https://0.1.2.3/",
        "https://224.0.0.1/",
        "https://239.255.255.250/",
        "https://255.255.255.255/",
        "https://240.0.0.1/",
        "https://192.0.2.1/",
        "https://198.18.0.1/",
        "https://[::1]/",
        "https://[::]/",
        "https://[fe80::1]/",
        "https://[febf:ffff::1]/",
        "https://[fc00::1]/",
        "https://[fd12:3456::1]/",
        "https://[fd00:ec2::254]/",
        "https://[ff02::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:10.0.0.1]/",
        "https://[::ffff:a9fe:a9fe]/",
        "https://[::127.0.0.1]/",
        "https://[::10.0.0.1]/",
        "https://[64:ff9b::7f00:1]/",
        "https://[64:ff9b::a9fe:a9fe]/",
        "https://[2002:7f00:1::1]/",
        "https://[2002:a00:1::1]/",
        "https://[2001:db8::1]/",
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "https://[100::1]/"
      })
  void refusesNonPublicLiteralAddresses(String url) {
    refusal(guard, url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "chrome://settings",
        "chrome-extension://abc/page.html",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://ftp.example.com/file",
        "gopher://example.com/",
        "ws://example.com/socket",
        "about:blank",
        "view-source:https://example.com/",
        "blob:https://example.com/uuid",
        "http://example.com/"
      })
  void refusesSchemesOtherThanHttps(String url) {
    refusal(guard, url);
  }

  @Test
  void allowsPlainHttpOnlyWhenConfigured() {
    assertThat(httpGuard.check("http://93.184.216.34/hook").port()).isEqualTo(80);
    refusal(httpGuard, "file:///etc/passwd");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0x7f.1/",
        "http://0x7f.0.0.1/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://127.0.1/",
        "http://017700000001/",
        "http://127.0.0.1./",
        "http://10.0.0.010/",
        "http://1.2.3.4.5/"
      })
  void refusesNumericHostTricks(String url) {
    refusal(httpGuard, url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:pass@example.com/",
        "https://example.com@127.0.0.1/",
        "https://user@93.184.216.34/",
        "https:///path-only",
        "https:example.com",
        "https://exa mple.com/",
        "https://example.com\\@127.0.0.1/",
        " https://example.com/",
        "https://example.com/\n",
        "https://[fe80::1%25eth0]/",
        "https://%31%32%37.0.0.1/",
        "https://example.com:0/",
        "/relative/path",
        ""
      })
  void refusesMalformedOrDisguisedUrls(String url) {
    refusal(guard, url);
  }

  @Test
  void refusesTheMetadataServerByName() {
    UrlGuard guard =
        new UrlGuard(
            UrlPolicy.DEFAULT.withAllowPrivateAddresses(true),
            fakeDns(Map.of("metadata.google.internal", List.of("169.254.169.254"))));

    refusal(guard, "https://metadata.google.internal/computeMetadata/v1/");
    refusal(guard, "https://METADATA.google.internal./computeMetadata/v1/");
    refusal(guard, "https://metadata/computeMetadata/v1/");
  }

  @Test
  void refusesAHostnameResolvingToAPrivateAddress() {
    UrlGuard guard =
        new UrlGuard(
            UrlPolicy.DEFAULT,
            fakeDns(
                Map.of(
                    "intranet.example.com", List.of("10.1.2.3"),
                    "rebind.example.com", List.of("93.184.216.34", "127.0.0.1"),
                    "mapped.example.com", List.of("93.184.216.34", "::ffff:169.254.169.254"),
                    "v6.example.com", List.of("fd00::1"))));

    RecordingException e = refusal(guard, "https://intranet.example.com/secret?pwd=hunter2");
    assertThat(e.getMessage())
        .contains("private")
        .doesNotContain("10.1.2.3")
        .doesNotContain("hunter2")
        .doesNotContain("/secret");
    refusal(guard, "https://rebind.example.com/");
    refusal(guard, "https://mapped.example.com/");
    refusal(guard, "https://v6.example.com/");
    refusal(guard, "https://unknown.example.com/");
  }

  @Test
  void refusesAnIpv4MappedAddressReturnedAsIpv6() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    InetAddress address = Inet6Address.getByAddress(null, mapped, -1);

    assertThat(UrlGuard.refusalReason(address)).contains("a loopback address");
  }

  @Test
  void refusesLocalhostThroughTheSystemResolver() {
    UrlGuard guard = new UrlGuard(UrlPolicy.DEFAULT);

    assertThat(refusal(guard, "https://localhost:8443/").getMessage()).contains("loopback");
  }

  @Test
  void acceptsAPublicLiteralAddressWithoutDns() {
    CheckedUrl checked = guard.check("https://93.184.216.34/meeting?pwd=1");

    assertThat(checked.address().getHostAddress()).isEqualTo("93.184.216.34");
    assertThat(checked.uri().getRawQuery()).isEqualTo("pwd=1");
    assertThat(checked.port()).isEqualTo(443);
    assertThat(guard.check("https://[2606:4700:4700::1111]:8443/").port()).isEqualTo(8443);
  }

  @Test
  void acceptsANameResolvingToPublicAddressesAndPinsTheFirst() {
    UrlGuard guard =
        new UrlGuard(
            UrlPolicy.DEFAULT,
            fakeDns(
                Map.of(
                    "meet.example.com",
                    List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"))));

    CheckedUrl checked = guard.check("https://Meet.Example.com./room/42");

    assertThat(checked.address().getHostAddress()).isEqualTo("93.184.216.34");
    assertThat(checked.hostResolverRule()).isEqualTo("MAP meet.example.com. 93.184.216.34");
  }

  @Test
  void enforcesTheHostAllowList() {
    UrlGuard guard =
        new UrlGuard(
            UrlPolicy.httpsOnlyHosts(List.of("*.meet.example.com", "example.org")),
            fakeDns(
                Map.of(
                    "a.meet.example.com", List.of("93.184.216.34"),
                    "example.org", List.of("93.184.216.34"),
                    "evilmeet.example.com", List.of("93.184.216.34"),
                    "example.org.evil.com", List.of("93.184.216.34"))));

    assertThat(guard.check("https://a.meet.example.com/x").address()).isNotNull();
    assertThat(guard.check("https://example.org/x").address()).isNotNull();
    assertThat(refusal(guard, "https://evilmeet.example.com/").getMessage()).contains("allow-list");
    refusal(guard, "https://example.org.evil.com/");
    refusal(guard, "https://93.184.216.34/");
  }

  @Test
  void enforcesAllowedPorts() {
    UrlGuard guard = new UrlGuard(UrlPolicy.DEFAULT.withAllowedPorts(Set.of(443)), NO_DNS);

    assertThat(guard.check("https://93.184.216.34/").port()).isEqualTo(443);
    refusal(guard, "https://93.184.216.34:6379/");
  }

  @Test
  void allowsPrivateAddressesForLocalDevelopmentButNeverMetadataOrLinkLocal() {
    UrlGuard dev =
        new UrlGuard(
            new UrlPolicy(Set.of("http", "https"), List.of(), true, Set.of()),
            fakeDns(Map.of("meeting.local", List.of("127.0.0.1"))));

    assertThat(dev.check("http://meeting.local:8081/").address().isLoopbackAddress()).isTrue();
    assertThat(dev.check("http://10.0.0.1/").address()).isNotNull();
    assertThat(dev.check("http://[::1]:8081/").address().isLoopbackAddress()).isTrue();
    refusal(dev, "http://169.254.169.254/");
    refusal(dev, "http://[fd00:ec2::254]/");
    refusal(dev, "http://[fe80::1]/");
  }

  @Test
  void refusesPoliciesWithNonWebSchemes() {
    assertThatThrownBy(() -> UrlPolicy.DEFAULT.withAllowedSchemes(Set.of("file")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportsWhyAnAddressIsNotPublic() {
    assertThat(UrlGuard.refusalReason(literal("93.184.216.34"))).isEmpty();
    assertThat(UrlGuard.refusalReason(literal("172.32.0.1"))).isEmpty();
    assertThat(UrlGuard.refusalReason(literal("100.128.0.1"))).isEmpty();
    assertThat(UrlGuard.refusalReason(literal("2606:4700:4700::1111"))).isEmpty();
    assertThat(UrlGuard.refusalReason(literal("169.254.169.254")))
        .contains("a cloud metadata server");
    assertThat(UrlGuard.refusalReason(literal("100.64.0.1")))
        .contains("a carrier-grade NAT address");
  }
}
