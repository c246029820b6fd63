package io.meetrec.recorder.media;

import io.meetrec.recorder.media.ffmpeg.AvUtil;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.media.ffmpeg.Layout;
import io.meetrec.recorder.media.ffmpeg.Native;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.RecordingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/** Reading finished files back and rewriting the fragmented recording as a plain MP4. */
public final class MediaFiles {

  private MediaFiles() {}

  /** A stream as found in a file, with where it starts on the file's timeline. */
  public record ProbedStream(StreamInfo info, double startSeconds, long frames) {}

  /** What a file holds. */
  public record Probe(double durationSeconds, List<ProbedStream> streams) {
    public List<StreamInfo> infos() {
      return streams.stream().map(ProbedStream::info).toList();
    }
  }

  /** Opens {@code file} through libavformat and describes its streams. */
  public static Probe probe(Ffmpeg ff, Path file) {
    try (Native scope = new Native()) {
      Pointer input = openInput(ff, scope, file);
      int count = input.getInt(Layout.FORMAT_NB_STREAMS);
      List<ProbedStream> streams = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Pointer stream = Layout.stream(input, i);
        Pointer par = stream.getPointer(Layout.STREAM_CODECPAR);
        double timeBase = Layout.rational(stream, Layout.STREAM_TIME_BASE);
        long start = stream.getLong(Layout.STREAM_START_TIME);
        String codec = ff.codec.avcodec_get_name(par.getInt(Layout.PAR_CODEC_ID));
        boolean video = par.getInt(Layout.PAR_CODEC_TYPE) == AvUtil.AVMEDIA_TYPE_VIDEO;
        StreamInfo info =
            new StreamInfo(
                video ? "video" : "audio",
                codec,
                video ? par.getInt(Layout.PAR_WIDTH) : 0,
                video ? par.getInt(Layout.PAR_HEIGHT) : 0,
                video ? Layout.rational(stream, Layout.STREAM_AVG_FRAME_RATE) : 0,
                video ? 0 : par.getInt(Layout.PAR_SAMPLE_RATE),
                video ? 0 : par.getInt(Layout.PAR_CH_LAYOUT + Layout.CH_LAYOUT_NB_CHANNELS));
        streams.add(
            new ProbedStream(
                info,
                start == AvUtil.AV_NOPTS_VALUE ? 0 : start * timeBase,
                stream.getLong(Layout.STREAM_NB_FRAMES)));
      }
      long duration = input.getLong(Layout.FORMAT_DURATION);
      return new Probe(duration <= 0 ? 0 : duration / 1e6, List.copyOf(streams));
    }
  }

  static Pointer openInput(Ffmpeg ff, Native scope, Path file) {
    PointerByReference context = new PointerByReference();
    ff.check(
        ff.format.avformat_open_input(context, file.toString(), null, null),
        ErrorCode.ENCODER_FAILED,
        "opening " + file.getFileName());
    Pointer input = context.getValue();
    scope.onClose(() -> ff.format.avformat_close_input(new PointerByReference(input)));
    ff.check(
        ff.format.avformat_find_stream_info(input, null),
        ErrorCode.ENCODER_FAILED,
        "reading " + file.getFileName());
    return input;
  }

  /**
   * Rewrites the fragmented recording as a plain MP4 with the index in front (faststart), which
   * every player and editor seeks in; then replaces {@code file} atomically, so the path always
   * holds a playable file.
   */
  public static void finalizeRecording(Ffmpeg ff, Path file) {
    Path plain = file.resolveSibling(file.getFileName() + ".final");
    try (Native scope = new Native()) {
      Pointer input = openInput(ff, scope, file);
      PointerByReference context = new PointerByReference();
      ff.check(
          ff.format.avformat_alloc_output_context2(context, null, "mp4", plain.toString()),
          ErrorCode.ENCODER_FAILED,
          "mp4 muxer");
      Pointer output = context.getValue();
      scope.onClose(() -> ff.format.avformat_free_context(output));
      int count = input.getInt(Layout.FORMAT_NB_STREAMS);
      for (int i = 0; i < count; i++) {
        Pointer from = Layout.stream(input, i);
        Pointer to = ff.format.avformat_new_stream(output, null);
        ff.check(
            ff.codec.avcodec_parameters_copy(
                to.getPointer(Layout.STREAM_CODECPAR), from.getPointer(Layout.STREAM_CODECPAR)),
            ErrorCode.ENCODER_FAILED,
            "stream parameters");
        to.putLong(Layout.STREAM_TIME_BASE, from.getLong(Layout.STREAM_TIME_BASE));
      }
      Pointer pb = output.slice(Layout.FORMAT_PB);
      ff.check(
          ff.format.avio_open(pb, plain.toString(), 2), ErrorCode.ENCODER_FAILED, "open output");
      scope.onClose(() -> ff.format.avio_closep(pb));
      PointerByReference options = ff.dictionary(scope, Map.of("movflags", "+faststart"));
      ff.check(
          ff.format.avformat_write_header(output, options), ErrorCode.ENCODER_FAILED, "header");
      Pointer packet = ff.codec.av_packet_alloc();
      scope.onClose(() -> ff.codec.av_packet_free(new PointerByReference(packet)));
      while (ff.format.av_read_frame(input, packet) >= 0) {
        int index = packet.getInt(Layout.PACKET_STREAM_INDEX);
        Pointer from = Layout.stream(input, index);
        Pointer to = Layout.stream(output, index);
        for (int field : new int[] {Layout.PACKET_PTS, Layout.PACKET_DTS, Layout.PACKET_DURATION}) {
          packet.putLong(
              field,
              NativeRecorder.rescale(
                  packet.getLong(field),
                  from.getInt(Layout.STREAM_TIME_BASE),
                  from.getInt(Layout.STREAM_TIME_BASE + 4),
                  to.getInt(Layout.STREAM_TIME_BASE),
                  to.getInt(Layout.STREAM_TIME_BASE + 4)));
        }
        ff.check(
            ff.format.av_interleaved_write_frame(output, packet), ErrorCode.ENCODER_FAILED, "mux");
      }
      ff.check(ff.format.av_write_trailer(output), ErrorCode.ENCODER_FAILED, "trailer");
    }
    try {
      Files.move(plain, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new RecordingException(ErrorCode.ENCODER_FAILED, "cannot replace " + file, e);
    }
  }
}
