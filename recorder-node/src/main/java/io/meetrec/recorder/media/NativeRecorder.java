package io.meetrec.recorder.media;

import static io.meetrec.recorder.media.ffmpeg.Layout.FORMAT_PB;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_CH_LAYOUT;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_FORMAT;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_HEIGHT;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_LINESIZE;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_NB_SAMPLES;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_PTS;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_SAMPLE_RATE;
import static io.meetrec.recorder.media.ffmpeg.Layout.FRAME_WIDTH;
import static io.meetrec.recorder.media.ffmpeg.Layout.PACKET_DATA;
import static io.meetrec.recorder.media.ffmpeg.Layout.PACKET_DTS;
import static io.meetrec.recorder.media.ffmpeg.Layout.PACKET_DURATION;
import static io.meetrec.recorder.media.ffmpeg.Layout.PACKET_PTS;
import static io.meetrec.recorder.media.ffmpeg.Layout.PACKET_SIZE;
import static io.meetrec.recorder.media.ffmpeg.Layout.PACKET_STREAM_INDEX;
import static io.meetrec.recorder.media.ffmpeg.Layout.STREAM_CODECPAR;
import static io.meetrec.recorder.media.ffmpeg.Layout.STREAM_TIME_BASE;

import io.meetrec.recorder.media.ffmpeg.AvFormat;
import io.meetrec.recorder.media.ffmpeg.AvUtil;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.media.ffmpeg.Layout;
import io.meetrec.recorder.media.ffmpeg.Native;
import io.meetrec.recorder.media.ffmpeg.SwScale;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.recording.VideoSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures an X display (x11grab) and a PulseAudio source (pulse) and encodes them to H.264 + AAC
 * in a fragmented MP4, all in this process through libav*. One thread per input: each reads,
 * converts and encodes its own stream; only the muxer is shared, behind a lock.
 *
 * <p>Timing: both devices stamp packets with the wall clock (microseconds, {@code av_gettime}), so
 * both streams are placed on one timeline starting at {@code t0}. A video frame goes to slot {@code
 * round((pts - t0) * fps)}; slots the page did not fill repeat the previous picture, so the file
 * keeps a constant frame rate and correct timing. Audio is counted in samples from its first packet
 * and re-anchored to the wall clock when the two drift apart by more than {@link #AUDIO_RESYNC_US}.
 */
final class NativeRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(NativeRecorder.class);
  private static final int SAMPLE_RATE = 48_000;
  private static final int CHANNELS = 2;
  private static final int INPUT_BYTES_PER_SAMPLE = 2 * CHANNELS;
  private static final long AUDIO_RESYNC_US = 100_000;

  /** What to capture and how to encode it. {@code video} null means audio only. */
  record Settings(
      String display,
      int displayWidth,
      int displayHeight,
      String pulseServer,
      String pulseSource,
      VideoSpec video,
      String x264Preset,
      int crf,
      int audioBitrate,
      int fragmentSeconds) {}

  private final Ffmpeg ff;
  private final Settings settings;
  private final Path file;
  private final Native resources = new Native();
  private final Object muxLock = new Object();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean stopping;
  private volatile long videoFrames;
  private volatile long audioSamples;
  private volatile long lastVideoChangeUs;
  private volatile long lastSoundUs;
  private volatile Instant firstFrameAt;
  private boolean finished;

  private Pointer output;
  private volatile long t0 = Long.MIN_VALUE;
  private Track video;
  private Track audio;
  private Thread videoThread;
  private Thread audioThread;

  /** One encoded stream: its encoder, its stream in the muxer and the encoder's time base. */
  private record Track(Pointer encoder, Pointer stream, int index, int tbNum, int tbDen) {}

  private NativeRecorder(Ffmpeg ff, Settings settings, Path file) {
    this.ff = ff;
    this.settings = settings;
    this.file = file;
  }

  /** Opens the devices, encoders and file and starts capturing; frees everything on failure. */
  static NativeRecorder start(Ffmpeg ff, Settings settings, Path file) {
    NativeRecorder recorder = new NativeRecorder(ff, settings, file);
    try {
      recorder.open();
      return recorder;
    } catch (RuntimeException e) {
      recorder.stopping = true;
      recorder.joinThreads();
      recorder.resources.close();
      throw e;
    }
  }

  private void open() {
    boolean withVideo = settings.video() != null;
    Pointer videoInput = withVideo ? openX11grab() : null;
    Pointer audioInput = openPulse();
    output = openOutput();
    if (withVideo) {
      video = addVideoTrack(0);
    }
    audio = addAudioTrack(withVideo ? 1 : 0);
    writeHeader(withVideo);
    lastVideoChangeUs = ff.util.av_gettime();
    lastSoundUs = lastVideoChangeUs;
    if (!withVideo) {
      t0 = lastVideoChangeUs;
    }
    if (withVideo) {
      videoThread =
          Thread.ofPlatform().name("media-video").start(() -> guard(() -> videoLoop(videoInput)));
    }
    audioThread =
        Thread.ofPlatform().name("media-audio").start(() -> guard(() -> audioLoop(audioInput)));
  }

  private Pointer openX11grab() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("video_size", settings.displayWidth() + "x" + settings.displayHeight());
    options.put("framerate", Integer.toString(settings.video().fps()));
    options.put("draw_mouse", "0");
    return openInput("x11grab", settings.display() + ".0+0,0", options);
  }

  private Pointer openPulse() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("server", settings.pulseServer());
    options.put("sample_rate", Integer.toString(SAMPLE_RATE));
    options.put("channels", Integer.toString(CHANNELS));
    options.put("name", "meetrec");
    return openInput("pulse", settings.pulseSource(), options);
  }

  private Pointer openInput(String format, String url, Map<String, String> options) {
    Pointer inputFormat = ff.format.av_find_input_format(format);
    if (inputFormat == null) {
      throw new RecordingException(
          ErrorCode.CAPTURE_FAILED, "libavdevice has no " + format + " input");
    }
    try (Native scope = new Native()) {
      PointerByReference dict = ff.dictionary(scope, options);
      PointerByReference context = new PointerByReference();
      ff.check(
          ff.format.avformat_open_input(context, url, inputFormat, dict),
          ErrorCode.CAPTURE_FAILED,
          "opening " + format + " " + url);
      Pointer opened = context.getValue();
      resources.onClose(() -> ff.format.avformat_close_input(new PointerByReference(opened)));
      return opened;
    }
  }

  private Pointer openOutput() {
    PointerByReference context = new PointerByReference();
    ff.check(
        ff.format.avformat_alloc_output_context2(context, null, "mp4", file.toString()),
        ErrorCode.ENCODER_FAILED,
        "allocating the mp4 muxer");
    Pointer muxer = context.getValue();
    resources.onClose(() -> ff.format.avformat_free_context(muxer));
    return muxer;
  }

  private Track addVideoTrack(int index) {
    VideoSpec spec = settings.video();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("video_size", spec.width() + "x" + spec.height());
    options.put("pixel_format", "yuv420p");
    options.put("time_base", "1/" + spec.fps());
    // one key frame per fragment: a fragment starts at a key frame
    options.put("g", Integer.toString(spec.fps() * settings.fragmentSeconds()));
    options.put("flags", "+global_header");
    options.put("preset", settings.x264Preset());
    options.put("crf", Integer.toString(settings.crf()));
    return addTrack("libx264", index, options, 1, spec.fps());
  }

  private Track addAudioTrack(int index) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("ar", Integer.toString(SAMPLE_RATE));
    options.put("ch_layout", "stereo");
    options.put("b", Integer.toString(settings.audioBitrate()));
    options.put("time_base", "1/" + SAMPLE_RATE);
    options.put("flags", "+global_header");
    return addTrack("aac", index, options, 1, SAMPLE_RATE);
  }

  private Track addTrack(
      String encoderName, int index, Map<String, String> options, int tbNum, int tbDen) {
    Pointer codec = ff.codec.avcodec_find_encoder_by_name(encoderName);
    if (codec == null) {
      throw new RecordingException(ErrorCode.ENCODER_FAILED, "no " + encoderName + " encoder");
    }
    Pointer encoder = ff.codec.avcodec_alloc_context3(codec);
    if (encoder == null) {
      throw new RecordingException(ErrorCode.ENCODER_FAILED, "out of memory for " + encoderName);
    }
    resources.onClose(() -> ff.codec.avcodec_free_context(new PointerByReference(encoder)));
    if (tbDen == SAMPLE_RATE) {
      encoder.putInt(Layout.CODEC_SAMPLE_FMT, AvUtil.AV_SAMPLE_FMT_FLTP);
    }
    options.forEach(
        (name, value) ->
            ff.check(
                ff.util.av_opt_set(encoder, name, value, AvUtil.AV_OPT_SEARCH_CHILDREN),
                ErrorCode.ENCODER_FAILED,
                encoderName + " option " + name + "=" + value));
    ff.check(
        ff.codec.avcodec_open2(encoder, codec, null),
        ErrorCode.ENCODER_FAILED,
        "opening " + encoderName);
    Pointer stream = ff.format.avformat_new_stream(output, null);
    if (stream == null) {
      throw new RecordingException(ErrorCode.ENCODER_FAILED, "cannot add a stream");
    }
    ff.check(
        ff.codec.avcodec_parameters_from_context(stream.getPointer(STREAM_CODECPAR), encoder),
        ErrorCode.ENCODER_FAILED,
        "copying " + encoderName + " parameters");
    stream.putInt(STREAM_TIME_BASE, tbNum);
    stream.putInt(STREAM_TIME_BASE + 4, tbDen);
    return new Track(encoder, stream, index, tbNum, tbDen);
  }

  private void writeHeader(boolean withVideo) {
    Pointer pb = output.slice(FORMAT_PB);
    ff.check(
        ff.format.avio_open(pb, file.toString(), AvFormat.AVIO_FLAG_WRITE),
        ErrorCode.ENCODER_FAILED,
        "opening " + file);
    resources.onClose(() -> ff.format.avio_closep(pb));
    Map<String, String> options = new LinkedHashMap<>();
    // fragments so that a killed recorder leaves a playable file up to the last fragment
    if (withVideo) {
      options.put("movflags", "frag_keyframe+empty_moov+default_base_moof");
    } else {
      options.put("movflags", "empty_moov+default_base_moof");
      options.put("frag_duration", Long.toString(settings.fragmentSeconds() * 1_000_000L));
    }
    try (Native scope = new Native()) {
      PointerByReference dict = ff.dictionary(scope, options);
      ff.check(
          ff.format.avformat_write_header(output, dict), ErrorCode.ENCODER_FAILED, "mp4 header");
    }
  }

  private void videoLoop(Pointer input) {
    VideoSpec spec = settings.video();
    int fps = spec.fps();
    try (Native scope = new Native()) {
      Pointer packet = packet(scope);
      Pointer encodedPacket = packet(scope);
      Pointer frame = frame(scope);
      frame.putInt(FRAME_WIDTH, spec.width());
      frame.putInt(FRAME_HEIGHT, spec.height());
      frame.putInt(FRAME_FORMAT, AvUtil.AV_PIX_FMT_YUV420P);
      ff.check(ff.util.av_frame_get_buffer(frame, 0), ErrorCode.ENCODER_FAILED, "frame buffer");
      Pointer scaler =
          ff.scale.sws_getContext(
              settings.displayWidth(),
              settings.displayHeight(),
              inputPixelFormat(input),
              spec.width(),
              spec.height(),
              AvUtil.AV_PIX_FMT_YUV420P,
              SwScale.SWS_BILINEAR,
              null,
              null,
              null);
      if (scaler == null) {
        throw new RecordingException(ErrorCode.CAPTURE_FAILED, "no converter for the display");
      }
      scope.onClose(() -> ff.scale.sws_freeContext(scaler));
      Pointer sourcePlanes = ff.allocate(8 * 4);
      Pointer sourceStrides = ff.allocate(4 * 4);
      sourceStrides.putInt(0, settings.displayWidth() * 4);
      long lastSlot = -1;
      long lastChecksum = 0;
      while (!stopping) {
        ff.check(ff.format.av_read_frame(input, packet), ErrorCode.CAPTURE_FAILED, "x11grab");
        try {
          long pts = packet.getLong(PACKET_PTS);
          if (t0 == Long.MIN_VALUE) {
            t0 = pts; // the timeline starts with the first picture
          }
          long slot = Math.round((pts - t0) * fps / 1e6);
          if (pts < t0 || slot <= lastSlot) {
            continue;
          }
          if (firstFrameAt == null) {
            firstFrameAt = Instant.now();
          }
          // slots the display did not deliver in time repeat the previous picture (up to 1 s)
          for (long fill = lastSlot + 1;
              lastSlot >= 0 && fill < slot && fill <= lastSlot + fps;
              fill++) {
            frame.putLong(FRAME_PTS, fill);
            encode(video, frame, encodedPacket);
            videoFrames++;
          }
          ff.check(ff.util.av_frame_make_writable(frame), ErrorCode.ENCODER_FAILED, "frame");
          Pointer pixels = packet.getPointer(PACKET_DATA);
          sourcePlanes.putPointer(0, pixels);
          long checksum = sample(pixels, packet.getInt(PACKET_SIZE));
          if (checksum != lastChecksum) {
            lastChecksum = checksum;
            lastVideoChangeUs = pts;
          }
          ff.scale.sws_scale(
              scaler,
              sourcePlanes,
              sourceStrides,
              0,
              settings.displayHeight(),
              frame.slice(0),
              frame.slice(FRAME_LINESIZE));
          frame.putLong(FRAME_PTS, slot);
          encode(video, frame, encodedPacket);
          videoFrames++;
          lastSlot = slot;
        } finally {
          ff.codec.av_packet_unref(packet);
        }
      }
    }
  }

  /** A cheap fingerprint of a captured picture: a few hundred pixels spread over it. */
  private static long sample(Pointer pixels, int size) {
    long sum = 0;
    int step = Math.max(4, (size / 509) & ~3);
    for (long offset = 0; offset + 4 <= size; offset += step) {
      sum = sum * 31 + pixels.getInt(offset);
    }
    return sum;
  }

  private int inputPixelFormat(Pointer input) {
    Pointer par = Layout.stream(input, 0).getPointer(STREAM_CODECPAR);
    return par.getInt(Layout.PAR_FORMAT);
  }

  private void audioLoop(Pointer input) {
    try (Native scope = new Native()) {
      Pointer packet = packet(scope);
      Pointer encodedPacket = packet(scope);
      int frameSize = audioFrameSize();
      Pointer frame = frame(scope);
      frame.putInt(FRAME_NB_SAMPLES, frameSize);
      frame.putInt(FRAME_FORMAT, AvUtil.AV_SAMPLE_FMT_FLTP);
      frame.putInt(FRAME_SAMPLE_RATE, SAMPLE_RATE);
      ff.util.av_channel_layout_default(frame.slice(FRAME_CH_LAYOUT), CHANNELS);
      ff.check(ff.util.av_frame_get_buffer(frame, 0), ErrorCode.ENCODER_FAILED, "audio buffer");
      Pointer resampler = ff.resample.swr_alloc();
      scope.onClose(() -> ff.resample.swr_free(new PointerByReference(resampler)));
      setOption(resampler, "in_chlayout", "stereo");
      setOption(resampler, "out_chlayout", "stereo");
      setOption(resampler, "in_sample_rate", Integer.toString(SAMPLE_RATE));
      setOption(resampler, "out_sample_rate", Integer.toString(SAMPLE_RATE));
      setOption(resampler, "in_sample_fmt", "s16");
      setOption(resampler, "out_sample_fmt", "fltp");
      ff.check(ff.resample.swr_init(resampler), ErrorCode.ENCODER_FAILED, "swr_init");
      Pointer sourcePlanes = ff.allocate(8 * 8);
      long nextInput = -1; // timeline position (samples) the next input sample belongs to
      long nextOutput = 0; // pts of the next encoded frame
      while (!stopping) {
        ff.check(ff.format.av_read_frame(input, packet), ErrorCode.CAPTURE_FAILED, "pulse");
        try {
          long pts = packet.getLong(PACKET_PTS);
          if (t0 == Long.MIN_VALUE) {
            continue; // sound before the first picture is not part of the recording
          }
          int samples = packet.getInt(PACKET_SIZE) / INPUT_BYTES_PER_SAMPLE;
          if (audible(packet.getPointer(PACKET_DATA), samples * CHANNELS)) {
            lastSoundUs = ff.util.av_gettime();
          }
          long position = Math.round((pts - t0) * (SAMPLE_RATE / 1e6));
          long skip = 0;
          if (nextInput < 0) {
            skip = Math.max(0, -position);
            position += skip;
            nextOutput = position;
          } else {
            long drift = position - nextInput;
            if (Math.abs(drift) > AUDIO_RESYNC_US * SAMPLE_RATE / 1_000_000) {
              if (drift > 0) {
                nextOutput += drift; // sound missing from the source: leave a gap
              } else {
                skip = Math.min(samples, -drift); // source ahead of the clock: drop the excess
              }
              LOG.debug("audio re-anchored by {} samples", drift);
            } else {
              position = nextInput;
            }
          }
          if (skip >= samples) {
            continue;
          }
          nextInput = position + samples - skip;
          sourcePlanes.putPointer(
              0, packet.getPointer(PACKET_DATA).slice(skip * INPUT_BYTES_PER_SAMPLE));
          ff.check(
              ff.resample.swr_convert(resampler, null, 0, sourcePlanes, (int) (samples - skip)),
              ErrorCode.ENCODER_FAILED,
              "swr_convert");
          while (ff.resample.swr_get_out_samples(resampler, 0) >= frameSize) {
            ff.check(ff.util.av_frame_make_writable(frame), ErrorCode.ENCODER_FAILED, "frame");
            int converted =
                ff.check(
                    ff.resample.swr_convert(resampler, frame.slice(0), frameSize, null, 0),
                    ErrorCode.ENCODER_FAILED,
                    "swr_convert");
            if (converted < frameSize) {
              break;
            }
            frame.putLong(FRAME_PTS, nextOutput);
            nextOutput += frameSize;
            encode(audio, frame, encodedPacket);
            audioSamples = nextOutput;
          }
        } finally {
          ff.codec.av_packet_unref(packet);
        }
      }
    }
  }

  private int audioFrameSize() {
    int size = audio.encoder().getInt(Layout.CODEC_FRAME_SIZE);
    return size > 0 ? size : 1024;
  }

  private void setOption(Pointer object, String name, String value) {
    ff.check(ff.util.av_opt_set(object, name, value, 0), ErrorCode.ENCODER_FAILED, name);
  }

  /** Sends a frame (or null to drain) and writes every packet the encoder gives back. */
  private void encode(Track track, Pointer frame, Pointer packet) {
    ff.check(
        ff.codec.avcodec_send_frame(track.encoder(), frame), ErrorCode.ENCODER_FAILED, "encode");
    while (true) {
      int result = ff.codec.avcodec_receive_packet(track.encoder(), packet);
      if (result == AvUtil.AVERROR_EAGAIN || result == AvUtil.AVERROR_EOF) {
        return;
      }
      ff.check(result, ErrorCode.ENCODER_FAILED, "encode");
      int streamNum = track.stream().getInt(STREAM_TIME_BASE);
      int streamDen = track.stream().getInt(STREAM_TIME_BASE + 4);
      for (int field : new int[] {PACKET_PTS, PACKET_DTS, PACKET_DURATION}) {
        packet.putLong(
            field,
            rescale(packet.getLong(field), track.tbNum(), track.tbDen(), streamNum, streamDen));
      }
      packet.putInt(PACKET_STREAM_INDEX, track.index());
      synchronized (muxLock) {
        ff.check(
            ff.format.av_interleaved_write_frame(output, packet), ErrorCode.ENCODER_FAILED, "mux");
      }
    }
  }

  static long rescale(long value, int fromNum, int fromDen, int toNum, int toDen) {
    if (value == AvUtil.AV_NOPTS_VALUE) {
      return value;
    }
    long numerator = (long) fromNum * toDen;
    long denominator = (long) fromDen * toNum;
    return Math.floorDiv(value * numerator + denominator / 2, denominator);
  }

  private Pointer packet(Native scope) {
    Pointer packet = ff.codec.av_packet_alloc();
    if (packet == null) {
      throw new RecordingException(ErrorCode.ENCODER_FAILED, "out of memory for a packet");
    }
    scope.onClose(() -> ff.codec.av_packet_free(new PointerByReference(packet)));
    return packet;
  }

  private Pointer frame(Native scope) {
    Pointer frame = ff.util.av_frame_alloc();
    if (frame == null) {
      throw new RecordingException(ErrorCode.ENCODER_FAILED, "out of memory for a frame");
    }
    scope.onClose(() -> ff.util.av_frame_free(new PointerByReference(frame)));
    return frame;
  }

  private void guard(Runnable loop) {
    try {
      loop.run();
    } catch (RuntimeException e) {
      LOG.warn("media capture stopped: {}", e.getMessage());
      failure.compareAndSet(null, e);
      stopping = true;
    }
  }

  private void joinThreads() {
    for (Thread thread : new Thread[] {videoThread, audioThread}) {
      if (thread != null) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Null while healthy; the error that ended capture otherwise. */
  RuntimeException failure() {
    return failure.get();
  }

  double recordedSeconds() {
    double videoSeconds =
        settings.video() == null ? 0 : (double) videoFrames / settings.video().fps();
    return Math.max(videoSeconds, (double) audioSamples / SAMPLE_RATE);
  }

  long videoFrames() {
    return videoFrames;
  }

  long bytes() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  Instant firstFrameAt() {
    return firstFrameAt;
  }

  /** Microseconds (wall clock) since the captured picture last changed. */
  long sinceLastPictureChangeUs() {
    return ff.util.av_gettime() - lastVideoChangeUs;
  }

  /** Microseconds since the last audible input (any sample above about -60 dBFS). */
  long sinceLastSoundUs() {
    return ff.util.av_gettime() - lastSoundUs;
  }

  private static final int AUDIBLE = 33; // about -60 dBFS of s16

  /** Whether any of {@code count} interleaved s16 samples is audible (every 8th is enough). */
  private static boolean audible(Pointer data, int count) {
    for (int i = 0; i < count; i += 8) {
      if (Math.abs(data.getShort(2L * i)) > AUDIBLE) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops both inputs, drains the encoders and writes the trailer. Native memory is freed even when
   * draining fails. Idempotent.
   */
  synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    stopping = true;
    joinThreads();
    List<RuntimeException> errors = new ArrayList<>();
    try (Native scope = new Native()) {
      for (Track track : new Track[] {video, audio}) {
        if (track != null) {
          try {
            encode(track, null, packet(scope));
          } catch (RuntimeException e) {
            errors.add(e);
          }
        }
      }
      synchronized (muxLock) {
        ff.check(ff.format.av_write_trailer(output), ErrorCode.ENCODER_FAILED, "mp4 trailer");
      }
    } catch (RuntimeException e) {
      errors.add(e);
    } finally {
      resources.close();
    }
    if (failure.get() == null && !errors.isEmpty()) {
      throw errors.getFirst();
    }
  }
}
