package io.meetrec.recorder.media.ffmpeg;

import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/** The part of {@code libavcodec/avcodec.h} and {@code codec_par.h} the recorder calls. */
public interface AvCodec {

  int avcodec_version();

  Pointer avcodec_find_encoder_by_name(String name);

  Pointer avcodec_find_decoder(int codecId);

  String avcodec_get_name(int codecId);

  Pointer avcodec_alloc_context3(Pointer codec);

  void avcodec_free_context(PointerByReference context);

  int avcodec_open2(Pointer context, Pointer codec, PointerByReference options);

  int avcodec_parameters_from_context(Pointer par, Pointer context);

  int avcodec_parameters_to_context(Pointer context, Pointer par);

  int avcodec_parameters_copy(Pointer dst, Pointer src);

  int avcodec_send_frame(Pointer context, Pointer frame);

  int avcodec_receive_packet(Pointer context, Pointer packet);

  int avcodec_send_packet(Pointer context, Pointer packet);

  int avcodec_receive_frame(Pointer context, Pointer frame);

  Pointer av_packet_alloc();

  void av_packet_free(PointerByReference packet);

  void av_packet_unref(Pointer packet);

  int AV_CODEC_ID_H264 = 27;
  int AV_CODEC_ID_AAC = 86018;
  int AV_PKT_FLAG_KEY = 1;
}
