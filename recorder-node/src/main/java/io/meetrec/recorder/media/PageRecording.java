package io.meetrec.recorder.media;

import io.meetrec.recorder.browser.BrowserPage;
import io.meetrec.recorder.browser.BrowserSlot;
import io.meetrec.recorder.browser.DevTools;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.VideoSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meeting page being recorded in one slot: the page is watched over DevTools (see
 * docs/page-protocol.md) while {@link NativeRecorder} captures the slot's screen and sound.
 */
final class PageRecording implements CaptureSession {

  private static final Logger LOG = LoggerFactory.getLogger(PageRecording.class);
  private static final Duration POLL = Duration.ofMillis(500);

  /** Reads the page-side protocol object in one round trip. */
  static final String STATE_EXPRESSION =
      "(() => { const m = window.meetrec; return m ? {ready: !!m.ready, ended: !!m.ended,"
          + " participants: (typeof m.participants === 'number') ? m.participants : -1,"
          + " frames: (typeof m.framesRendered === 'number') ? m.framesRendered : -1,"
          + " refused: m.refused ? String(m.refused).slice(0, 200) : null} : null })()";

  private final SlotCapture owner;
  private final int slotIndex;
  private final BrowserSlot slot;
  private final BrowserPage page;
  private final Ffmpeg ff;
  private final MediaConfiguration configuration;
  private final CaptureRequest request;
  private final NativeRecorder recorder;
  private final Thread watcher;
  private volatile PageSignal signal;
  private volatile long pageFrames = -1;
  private CaptureResult result;
  private boolean closed;

  private PageRecording(
      SlotCapture owner,
      int slotIndex,
      BrowserSlot slot,
      BrowserPage page,
      Ffmpeg ff,
      MediaConfiguration configuration,
      CaptureRequest request,
      NativeRecorder recorder) {
    this.owner = owner;
    this.slotIndex = slotIndex;
    this.slot = slot;
    this.page = page;
    this.ff = ff;
    this.configuration = configuration;
    this.request = request;
    this.recorder = recorder;
    this.watcher =
        Thread.ofPlatform().daemon().name("page-watch-" + slotIndex).unstarted(this::watch);
  }

  static PageRecording open(
      SlotCapture owner,
      int slotIndex,
      BrowserSlot slot,
      Ffmpeg ff,
      MediaConfiguration configuration,
      CaptureRequest request,
      URI urlWithToken,
      String adapter) {
    BrowserPage page = slot.openPage(adapter);
    try {
      return open(owner, slotIndex, slot, page, ff, configuration, request, urlWithToken);
    } catch (RuntimeException e) {
      page.close();
      throw e;
    }
  }

  private static PageRecording open(
      SlotCapture owner,
      int slotIndex,
      BrowserSlot slot,
      BrowserPage page,
      Ffmpeg ff,
      MediaConfiguration configuration,
      CaptureRequest request,
      URI urlWithToken) {
    DevTools devTools = page.devTools();
    Map<String, Object> navigation =
        devTools.call("Page.navigate", Map.of("url", urlWithToken.toString()));
    if (navigation.get("errorText") != null) {
      throw new RecordingException(
          ErrorCode.MEETING_UNREACHABLE,
          "meeting page did not load: " + navigation.get("errorText"));
    }
    awaitReady(devTools, slot, request.startTimeout());
    try {
      Files.createDirectories(request.outputFile().toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.CAPTURE_FAILED, "cannot create output dir", e);
    }
    VideoSpec video = request.audioOnly() ? null : request.video();
    if (!request.audioOnly() && video == null) {
      video = VideoSpec.DEFAULT;
    }
    NativeRecorder recorder;
    try {
      recorder =
          NativeRecorder.start(
              ff,
              new NativeRecorder.Settings(
                  slot.display(),
                  slot.settings().width(),
                  slot.settings().height(),
                  slot.pulseServer(),
                  slot.pulseSource(),
                  video,
                  configuration.x264Preset(),
                  configuration.crf(),
                  configuration.audioBitrate(),
                  configuration.fragmentSeconds()),
              request.outputFile());
    } catch (RecordingException e) {
      throw e.code() == ErrorCode.ENCODER_FAILED
          ? e
          : new RecordingException(ErrorCode.CAPTURE_FAILED, e.getMessage(), e);
    }
    PageRecording recording =
        new PageRecording(owner, slotIndex, slot, page, ff, configuration, request, recorder);
    recording.watcher.start();
    LOG.info("recording {} started in slot {}", request.recordingId(), slotIndex);
    return recording;
  }

  private static void awaitReady(DevTools devTools, BrowserSlot slot, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String fault = slot.fault();
      if (fault != null) {
        throw new RecordingException(ErrorCode.BROWSER_CRASHED, fault);
      }
      if (devTools.evaluate(STATE_EXPRESSION) instanceof Map<?, ?> state) {
        if (state.get("refused") instanceof String why) {
          throw new RecordingException(
              ErrorCode.JOIN_REFUSED, "the meeting refused the recorder: " + why);
        }
        if (Boolean.TRUE.equals(state.get("ready"))) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new RecordingException(
            ErrorCode.START_SIGNAL_TIMEOUT,
            "the meeting page did not signal ready within " + timeout.toSeconds() + " s");
      }
      sleep(Duration.ofMillis(200));
    }
  }

  private void watch() {
    long aloneSince = -1;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (slot.fault() != null || recorder.failure() != null) {
          signal = PageSignal.CRASHED;
          return;
        }
        if (page.devTools().evaluate(STATE_EXPRESSION) instanceof Map<?, ?> state) {
          if (state.get("frames") instanceof Number frames) {
            pageFrames = frames.longValue();
          }
          if (Boolean.TRUE.equals(state.get("ended"))) {
            signal = PageSignal.MEETING_ENDED;
          } else if (state.get("participants") instanceof Number others && others.intValue() == 0) {
            aloneSince = aloneSince < 0 ? System.nanoTime() : aloneSince;
            if (System.nanoTime() - aloneSince > configuration.aloneAfter().toNanos()) {
              signal = PageSignal.ALONE;
            }
          } else {
            aloneSince = -1;
          }
        }
        // No media means nothing at all: picture unchanged (static slides count as picture only
        // while they change, so sound is checked too) and silence.
        long quietUs = configuration.noMediaAfter().toNanos() / 1000;
        if ((request.audioOnly() || recorder.sinceLastPictureChangeUs() > quietUs)
            && recorder.sinceLastSoundUs() > quietUs) {
          signal = PageSignal.NO_MEDIA;
        }
      } catch (RecordingException e) {
        signal = PageSignal.CRASHED;
        return;
      }
      sleep(POLL);
    }
  }

  @Override
  public CaptureProgress progress() {
    return new CaptureProgress(
        recorder.recordedSeconds(), recorder.bytes(), recorder.videoFrames());
  }

  @Override
  public Optional<PageSignal> pageSignal() {
    return Optional.ofNullable(signal);
  }

  @Override
  public Instant firstFrameAt() {
    return recorder.firstFrameAt();
  }

  /** Frames the page says it rendered ({@code window.meetrec.framesRendered}), -1 if unknown. */
  long pageFramesRendered() {
    return pageFrames;
  }

  @Override
  public synchronized CaptureResult stop() {
    if (result != null) {
      return result;
    }
    watcher.interrupt();
    tellPageWeLeave();
    RuntimeException failure = recorder.failure();
    recorder.finish();
    MediaFiles.finalizeRecording(ff, request.outputFile());
    MediaFiles.Probe probe = MediaFiles.probe(ff, request.outputFile());
    if (failure != null) {
      LOG.warn("recording {} ended early: {}", request.recordingId(), failure.getMessage());
    }
    result =
        new CaptureResult(
            request.outputFile(), recorder.bytes(), probe.durationSeconds(), probe.infos());
    return result;
  }

  private void tellPageWeLeave() {
    try {
      page.devTools()
          .evaluate(
              "window.meetrec && typeof window.meetrec.stop === 'function' && (window.meetrec.stop(), true)");
    } catch (RecordingException e) {
      LOG.debug("page could not be told to stop: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    watcher.interrupt();
    try {
      if (result == null) {
        // not stopped: keep what was recorded (the fragmented file plays) without finalizing
        recorder.finish();
      }
    } catch (RuntimeException e) {
      LOG.warn("recording {} did not close cleanly: {}", request.recordingId(), e.getMessage());
    } finally {
      // the meeting's window and everything it stored go with its browser context
      page.close();
      owner.release(slotIndex);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
