package io.meetrec.recorder.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The adapter scripts of {@link BrowserConfiguration#adapters()}, read once at start so a missing
 * file fails the recorder's start-up rather than a customer's recording.
 */
public final class Adapters {

  private final Map<String, String> byHost;

  private Adapters(Map<String, String> byHost) {
    this.byHost = byHost;
  }

  public static Adapters load(BrowserConfiguration browser) {
    Map<String, String> scripts = new LinkedHashMap<>();
    for (Map.Entry<String, Path> entry : browser.adapterFiles().entrySet()) {
      try {
        scripts.put(entry.getKey(), Files.readString(entry.getValue()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "adapter for " + entry.getKey() + " unreadable: " + entry.getValue(), e);
      }
    }
    return new Adapters(Map.copyOf(scripts));
  }

  /** The adapter for the meeting's host, or null when its page speaks the protocol itself. */
  public String forUrl(URI meetingUrl) {
    String host = meetingUrl.getHost();
    return host == null ? null : byHost.get(host.toLowerCase(Locale.ROOT));
  }
}
