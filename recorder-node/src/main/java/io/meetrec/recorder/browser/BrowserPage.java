package io.meetrec.recorder.browser;

import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.net.http.HttpClient;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording's page: a fresh browser context (its own cookies, storage, cache and renderer) with
 * one window covering the slot's screen, opened in the slot's warm browser and disposed after, so
 * nothing of one meeting is left for the next and renderers do not pile up.
 */
public final class BrowserPage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrowserPage.class);

  private final DevTools browser;
  private final String contextId;
  private final String targetId;
  private final DevTools page;
  private boolean closed;

  private BrowserPage(DevTools browser, String contextId, String targetId, DevTools page) {
    this.browser = browser;
    this.contextId = contextId;
    this.targetId = targetId;
    this.page = page;
  }

  static BrowserPage open(
      HttpClient http, DevTools browser, int debugPort, int width, int height, String adapter) {
    Map<String, Object> context =
        browser.call("Target.createBrowserContext", Map.of("disposeOnDetach", false));
    String contextId = (String) context.get("browserContextId");
    String targetId = null;
    DevTools page = null;
    try {
      Map<String, Object> target =
          browser.call(
              "Target.createTarget",
              Map.of(
                  "url",
                  "about:blank",
                  "browserContextId",
                  contextId,
                  "newWindow",
                  true,
                  "left",
                  0,
                  "top",
                  0,
                  "width",
                  width,
                  "height",
                  height));
      targetId = (String) target.get("targetId");
      page = DevTools.connectPage(http, debugPort, targetId);
      page.call("Page.enable", Map.of());
      if (adapter != null) {
        // runs in every frame before the page's own scripts, on this navigation and any reload
        page.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source", adapter));
      }
      return new BrowserPage(browser, contextId, targetId, page);
    } catch (RuntimeException e) {
      new BrowserPage(browser, contextId, targetId, page).close();
      throw e instanceof RecordingException
          ? e
          : new RecordingException(ErrorCode.BROWSER_CRASHED, "cannot open a page: " + e, e);
    }
  }

  /** The page's own DevTools connection. */
  public DevTools devTools() {
    return page;
  }

  public String browserContextId() {
    return contextId;
  }

  /** Closes the window and disposes of the context with everything the meeting stored. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (page != null) {
      page.close();
    }
    try {
      if (targetId != null) {
        browser.call("Target.closeTarget", Map.of("targetId", targetId));
      }
      browser.call("Target.disposeBrowserContext", Map.of("browserContextId", contextId));
    } catch (RecordingException e) {
      // a browser that cannot dispose of it is broken: the slot's health check rebuilds it
      LOG.warn("browser context {} not disposed: {}", contextId, e.getMessage());
    }
  }
}
