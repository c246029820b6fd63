package io.meetrec.recorder.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The slot's Chromium command line: the recorder's switches, then the operator's, with every
 * feature list merged into one {@code --enable-features} and one {@code --disable-features}.
 * Chromium keeps only the last occurrence of a switch, so a second {@code --disable-features} would
 * silently cancel the first.
 */
public final class ChromiumCommand {

  /** Features the recorder itself turns off: no translate bar, no cast dialog over the meeting. */
  static final List<String> OWN_DISABLED = List.of("Translate", "MediaRouter");

  private static final String ENABLE = "--enable-features=";
  private static final String DISABLE = "--disable-features=";

  private ChromiumCommand() {}

  /** The full command, without any launch prefix. */
  public static List<String> build(
      String chromium,
      int width,
      int height,
      Path profile,
      int debugPort,
      BrowserConfiguration browser) {
    List<String> command = new ArrayList<>();
    command.add(chromium);
    command.addAll(
        List.of(
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--noerrdialogs",
            "--password-store=basic",
            "--autoplay-policy=no-user-gesture-required",
            "--hide-scrollbars",
            "--kiosk",
            "--window-position=0,0",
            "--window-size=" + width + "," + height,
            "--user-data-dir=" + profile,
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=" + debugPort));
    Set<String> enabled = new LinkedHashSet<>(browser.enableFeatures());
    Set<String> disabled = new LinkedHashSet<>(OWN_DISABLED);
    disabled.addAll(browser.disableFeatures());
    for (String option : browser.extraSwitches()) {
      if (option.startsWith(ENABLE)) {
        enabled.addAll(split(option.substring(ENABLE.length())));
      } else if (option.startsWith(DISABLE)) {
        disabled.addAll(split(option.substring(DISABLE.length())));
      } else {
        command.add(option);
      }
    }
    // a feature both enabled and disabled: the operator's disable wins, as Chromium itself does
    enabled.removeAll(disabled);
    if (!enabled.isEmpty()) {
      command.add(ENABLE + String.join(",", enabled));
    }
    command.add(DISABLE + String.join(",", disabled));
    command.add("about:blank");
    return command;
  }

  private static List<String> split(String list) {
    return List.of(list.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
