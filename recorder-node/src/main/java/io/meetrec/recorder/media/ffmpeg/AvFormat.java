package io.meetrec.recorder.media.ffmpeg;

import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/** The part of {@code libavformat/avformat.h} and {@code avio.h} the recorder calls. */
public interface AvFormat {

  int avformat_version();

  Pointer av_find_input_format(String shortName);

  int avformat_open_input(
      PointerByReference context, String url, Pointer inputFormat, PointerByReference options);

  int avformat_find_stream_info(Pointer context, Pointer options);

  void avformat_close_input(PointerByReference context);

  int av_read_frame(Pointer context, Pointer packet);

  int avformat_alloc_output_context2(
      PointerByReference context, Pointer outputFormat, String formatName, String fileName);

  void avformat_free_context(Pointer context);

  Pointer avformat_new_stream(Pointer context, Pointer codec);

  int avformat_write_header(Pointer context, PointerByReference options);

  int av_interleaved_write_frame(Pointer context, Pointer packet);

  int av_write_trailer(Pointer context);

  /** {@code s} is the address of an {@code AVIOContext *}, e.g. the {@code pb} field. */
  int avio_open(Pointer s, String url, int flags);

  int avio_closep(Pointer s);

  int AVIO_FLAG_WRITE = 2;
}
