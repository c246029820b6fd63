package io.meetrec.recorder.browser;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What operators add to the slot's Chromium and how it is started.
 *
 * @param extraSwitches Chromium switches appended after the recorder's own (a later switch of the
 *     same name wins in Chromium); {@code --enable-features=} and {@code --disable-features=} given
 *     here are merged into the recorder's lists instead. Defaults to none.
 * @param enableFeatures Chromium features to enable, merged with the recorder's into one {@code
 *     --enable-features}. Defaults to none.
 * @param disableFeatures Chromium features to disable, merged with the recorder's own ({@code
 *     Translate,MediaRouter}) into one {@code --disable-features}. Defaults to none.
 * @param launchPrefix a command the slot's Chromium is started through, e.g. {@code ip netns exec
 *     meetrec-lab} to run it inside a network namespace; the DevTools port is then bridged back to
 *     the recorder's 127.0.0.1 through a unix socket (needs {@code socatPath}). Xvfb and PulseAudio
 *     are not prefixed: Chromium reaches them through filesystem sockets. Defaults to none.
 * @param socatPath the socat binary used for the DevTools bridge when {@code launchPrefix} is set.
 *     Defaults to {@code /usr/bin/socat}.
 * @param adapters per meeting host, an adapter script injected before the page's own scripts (see
 *     docs/page-protocol.md), each entry {@code host=/path/to/adapter.js}. Defaults to none.
 */
@ConfigurationProperties(BrowserConfiguration.PREFIX)
public record BrowserConfiguration(
    @Nullable List<String> extraSwitches,
    @Nullable List<String> enableFeatures,
    @Nullable List<String> disableFeatures,
    @Nullable List<String> launchPrefix,
    @Nullable String socatPath,
    @Nullable List<String> adapters) {

  public static final String PREFIX = "meetrec.recorder.media.browser";

  public BrowserConfiguration {
    extraSwitches = clean(extraSwitches);
    enableFeatures = clean(enableFeatures);
    disableFeatures = clean(disableFeatures);
    launchPrefix = clean(launchPrefix);
    socatPath = socatPath == null || socatPath.isBlank() ? "/usr/bin/socat" : socatPath;
    adapters = clean(adapters);
    adapterFiles(adapters);
  }

  /** Nothing added: the recorder's own switches, Chromium started directly. */
  public static BrowserConfiguration defaults() {
    return new BrowserConfiguration(null, null, null, null, null, null);
  }

  /** Adapter script per lower-case host. */
  public Map<String, Path> adapterFiles() {
    return adapterFiles(adapters);
  }

  private static Map<String, Path> adapterFiles(List<String> entries) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(
            PREFIX + ".adapters entry must be host=/path/to/adapter.js, got: " + entry);
      }
      files.put(
          entry.substring(0, eq).trim().toLowerCase(Locale.ROOT),
          Path.of(entry.substring(eq + 1).trim()));
    }
    return files;
  }

  private static List<String> clean(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
  }
}
