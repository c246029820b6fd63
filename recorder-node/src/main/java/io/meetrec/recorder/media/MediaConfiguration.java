package io.meetrec.recorder.media;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the recorder captures and encodes meetings.
 *
 * @param slots concurrent recordings per pod (env {@code MEETREC_RECORDER_SLOTS}). Defaults to 1.
 * @param firstDisplay X display number of slot 0; slot n uses {@code firstDisplay + n}. Defaults to
 *     99.
 * @param firstDebugPort Chromium remote-debugging port of slot 0, bound to 127.0.0.1 only. Defaults
 *     to 9222.
 * @param chromiumPath the Chromium binary. Defaults to {@code /usr/bin/chromium}.
 * @param xvfbPath the Xvfb binary. Defaults to {@code /usr/bin/Xvfb}.
 * @param pulseaudioPath the PulseAudio binary. Defaults to {@code /usr/bin/pulseaudio}.
 * @param workDir where slots keep their runtime dirs, browser profiles and sockets. Defaults to
 *     {@code /tmp/meetrec-slots}.
 * @param x264Preset libx264 preset. Defaults to {@code veryfast}.
 * @param crf libx264 constant rate factor. Defaults to 23.
 * @param audioBitrate AAC bit rate in bit/s. Defaults to 128000.
 * @param fragmentSeconds length of the MP4 fragments written while recording, i.e. the most a
 *     killed recorder loses. Defaults to 2.
 * @param startTimeout how long a page may take to say it is ready. Defaults to 30s.
 * @param aloneAfter how long the recorder stays in a meeting with nobody else. Defaults to 60s.
 * @param noMediaAfter how long without picture changes and sound before {@code NO_MEDIA}. Defaults
 *     to 120s.
 */
@ConfigurationProperties(MediaConfiguration.PREFIX)
public record MediaConfiguration(
    @Bindable(defaultValue = "1") @Min(1) @Max(8) int slots,
    @Bindable(defaultValue = "99") @Min(1) int firstDisplay,
    @Bindable(defaultValue = "9222") @Min(1024) int firstDebugPort,
    @Bindable(defaultValue = "/usr/bin/chromium") @NotBlank String chromiumPath,
    @Bindable(defaultValue = "/usr/bin/Xvfb") @NotBlank String xvfbPath,
    @Bindable(defaultValue = "/usr/bin/pulseaudio") @NotBlank String pulseaudioPath,
    @Bindable(defaultValue = "/tmp/meetrec-slots") Path workDir,
    @Bindable(defaultValue = "veryfast") @NotBlank String x264Preset,
    @Bindable(defaultValue = "23") @Min(0) @Max(51) int crf,
    @Bindable(defaultValue = "128000") @Min(16000) int audioBitrate,
    @Bindable(defaultValue = "2") @Min(1) @Max(30) int fragmentSeconds,
    @Bindable(defaultValue = "30s") Duration startTimeout,
    @Bindable(defaultValue = "60s") Duration aloneAfter,
    @Bindable(defaultValue = "120s") Duration noMediaAfter) {

  public static final String PREFIX = "meetrec.recorder.media";

  /** The defaults, for code that runs without a Micronaut context (bench, child test JVMs). */
  public static MediaConfiguration defaults() {
    return new MediaConfiguration(
        1,
        99,
        9222,
        "/usr/bin/chromium",
        "/usr/bin/Xvfb",
        "/usr/bin/pulseaudio",
        Path.of("/tmp/meetrec-slots"),
        "veryfast",
        23,
        128000,
        2,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120));
  }
}
