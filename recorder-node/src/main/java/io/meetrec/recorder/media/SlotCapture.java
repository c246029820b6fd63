package io.meetrec.recorder.media;

import io.meetrec.recorder.browser.Adapters;
import io.meetrec.recorder.browser.BrowserConfiguration;
import io.meetrec.recorder.browser.BrowserSlot;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.VideoSpec;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeetingCapture} over a fixed number of {@link BrowserSlot}s. A slot's programs start on
 * first use (or at {@link #warmUp()}) and stay up between recordings; a slot found broken is
 * rebuilt before its next recording.
 *
 * <p>A slot is idle, warming (its programs starting outside any recording) or recording. Only a
 * recording takes a slot away from {@link #available()}: a warming slot counts as free, and a
 * {@link #start} that finds every free slot warming waits for one. So the only thing that lowers
 * {@code available()} is a start the job puller itself admitted, and a job it pulled for a free
 * slot always finds one (warm-up used to hide a slot between the pull and the start, which nacked
 * the job or failed it {@code no_free_slot}).
 */
@Singleton
public final class SlotCapture implements MeetingCapture, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlotCapture.class);

  private final MediaConfiguration configuration;
  private final BrowserConfiguration browser;
  private final Adapters adapters;
  private final BrowserSlot[] slots;
  private final Use[] uses;

  private enum Use {
    IDLE,
    WARMING,
    RECORDING
  }

  /** The recorder's own browser switches only, no adapters. */
  public SlotCapture(MediaConfiguration configuration) {
    this(configuration, BrowserConfiguration.defaults());
  }

  @Inject
  public SlotCapture(MediaConfiguration configuration, BrowserConfiguration browser) {
    this.configuration = configuration;
    this.browser = browser;
    this.adapters = Adapters.load(browser);
    this.slots = new BrowserSlot[configuration.slots()];
    this.uses = new Use[configuration.slots()];
    Arrays.fill(uses, Use.IDLE);
  }

  @Override
  public int capacity() {
    return slots.length;
  }

  /** Slots not recording; a warming slot counts, as a start waits for it. */
  @Override
  public synchronized int available() {
    return slots.length - count(Use.RECORDING);
  }

  /** Slots whose programs are starting outside a recording (warm-up). */
  public synchronized int warming() {
    return count(Use.WARMING);
  }

  private int count(Use use) {
    int n = 0;
    for (Use u : uses) {
      if (u == use) {
        n++;
      }
    }
    return n;
  }

  /** Starts every idle slot's programs now, so the first recording is only a navigation. */
  public void warmUp() {
    for (int i = 0; i < slots.length; i++) {
      if (take(i, Use.WARMING)) {
        try {
          healthySlot(i);
        } finally {
          release(i);
        }
      }
    }
  }

  @Override
  public CaptureSession start(CaptureRequest request) {
    int index = reserveForRecording(request.startTimeout());
    if (index < 0) {
      throw new RecordingException(ErrorCode.NO_FREE_SLOT, "all " + slots.length + " slots busy");
    }
    try {
      BrowserSlot slot = healthySlot(index);
      Ffmpeg ff = Ffmpeg.get();
      return PageRecording.open(
          this,
          index,
          slot,
          ff,
          configuration,
          request,
          withToken(request),
          adapters.forUrl(request.meetingUrl()));
    } catch (RuntimeException e) {
      release(index);
      throw e;
    }
  }

  private static URI withToken(CaptureRequest request) {
    URI url = request.meetingUrl();
    if (request.joinToken() == null || request.joinToken().isEmpty()) {
      return url;
    }
    String token = "token=" + URLEncoder.encode(request.joinToken(), StandardCharsets.UTF_8);
    String query = url.getRawQuery() == null ? token : url.getRawQuery() + "&" + token;
    String base = url.toString();
    int cut = base.indexOf('?') >= 0 ? base.indexOf('?') : base.indexOf('#');
    String fragment = url.getRawFragment() == null ? "" : "#" + url.getRawFragment();
    return URI.create((cut >= 0 ? base.substring(0, cut) : base) + "?" + query + fragment);
  }

  private synchronized boolean take(int index, Use use) {
    if (uses[index] != Use.IDLE) {
      return false;
    }
    uses[index] = use;
    return true;
  }

  /**
   * An idle slot for a recording, waiting up to {@code patience} while warm-up holds the only free
   * ones; -1 when every slot records (or warm-up outlasts the wait).
   */
  private synchronized int reserveForRecording(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      for (int i = 0; i < slots.length; i++) {
        if (take(i, Use.RECORDING)) {
          return i;
        }
      }
      long left = deadline - System.nanoTime();
      if (count(Use.WARMING) == 0 || left <= 0) {
        return -1;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }

  synchronized void release(int index) {
    uses[index] = Use.IDLE;
    notifyAll();
  }

  /** The slot's programs, (re)started if they are not all alive. Caller holds the slot. */
  BrowserSlot healthySlot(int index) {
    BrowserSlot slot = slots[index];
    if (slot != null) {
      String fault = slot.fault();
      if (fault == null) {
        return slot;
      }
      LOG.warn("slot {} broken ({}), rebuilding it", index, fault);
      slot.close();
      slots[index] = null;
    }
    VideoSpec screen = VideoSpec.DEFAULT;
    slot =
        BrowserSlot.start(
            new BrowserSlot.Settings(
                index,
                configuration.firstDisplay() + index,
                configuration.firstDebugPort() + index,
                screen.width(),
                screen.height(),
                configuration.workDir(),
                configuration.xvfbPath(),
                configuration.pulseaudioPath(),
                configuration.chromiumPath(),
                browser));
    slots[index] = slot;
    return slot;
  }

  /** The slot's programs if they are running (tests look inside), else null. */
  public synchronized BrowserSlot slot(int index) {
    return slots[index];
  }

  /** Pids of every running slot program, for the bench. */
  public synchronized List<Map<String, Long>> pids() {
    List<Map<String, Long>> pids = new ArrayList<>();
    for (BrowserSlot slot : slots) {
      if (slot != null) {
        pids.add(slot.pids());
      }
    }
    return pids;
  }

  @PreDestroy
  @Override
  public synchronized void close() {
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null) {
        slots[i].close();
        slots[i] = null;
      }
    }
  }
}
