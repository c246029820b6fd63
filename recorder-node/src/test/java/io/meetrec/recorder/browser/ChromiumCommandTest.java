package io.meetrec.recorder.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChromiumCommandTest {

  private static List<String> command(BrowserConfiguration browser) {
    return ChromiumCommand.build("/usr/bin/chromium", 1280, 720, Path.of("/p"), 9222, browser);
  }

  private static List<String> starting(List<String> command, String prefix) {
    return command.stream().filter(s -> s.startsWith(prefix)).toList();
  }

  @Test
  void theRecorderDisablesItsOwnFeaturesInOneSwitch() {
    List<String> command = command(BrowserConfiguration.defaults());
    assertThat(starting(command, "--disable-features="))
        .containsExactly("--disable-features=Translate,MediaRouter");
    assertThat(starting(command, "--enable-features=")).isEmpty();
    assertThat(command.getLast()).isEqualTo("about:blank");
  }

  @Test
  void operatorFeaturesAreMergedNotOverridden() {
    List<String> command =
        command(
            new BrowserConfiguration(
                List.of(
                    "--allow-loopback-in-peer-connection",
                    "--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--enable-features=Foo"),
                List.of("Bar", "Foo"),
                List.of("Baz"),
                null,
                null,
                null));
    assertThat(starting(command, "--disable-features="))
        .containsExactly("--disable-features=Translate,MediaRouter,Baz,WebRtcHideLocalIpsWithMdns");
    assertThat(starting(command, "--enable-features="))
        .containsExactly("--enable-features=Bar,Foo");
    assertThat(command).contains("--allow-loopback-in-peer-connection");
  }

  @Test
  void aFeatureBothEnabledAndDisabledEndsUpDisabled() {
    List<String> command =
        command(new BrowserConfiguration(null, List.of("A", "B"), List.of("B"), null, null, null));
    assertThat(starting(command, "--enable-features=")).containsExactly("--enable-features=A");
    assertThat(starting(command, "--disable-features="))
        .containsExactly("--disable-features=Translate,MediaRouter,B");
  }

  @Test
  void operatorSwitchesComeAfterTheRecordersSoTheyWin() {
    List<String> command =
        command(
            new BrowserConfiguration(
                List.of("--autoplay-policy=document-user-activation-required"),
                null,
                null,
                null,
                null,
                null));
    assertThat(command.indexOf("--autoplay-policy=document-user-activation-required"))
        .isGreaterThan(command.indexOf("--autoplay-policy=no-user-gesture-required"));
  }

  @Test
  void adaptersAreHostEqualsPath() {
    BrowserConfiguration browser =
        new BrowserConfiguration(
            null, null, null, null, null, List.of("Meet.Example.com=/etc/meetrec/a.js"));
    assertThat(browser.adapterFiles())
        .containsEntry("meet.example.com", Path.of("/etc/meetrec/a.js"));
    assertThatThrownBy(
            () -> new BrowserConfiguration(null, null, null, null, null, List.of("nohost.js")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host=/path/to/adapter.js");
  }
}
