package io.meetrec.recorder.media.ffmpeg;

import jnr.ffi.Pointer;
import jnr.ffi.byref.LongLongByReference;
import jnr.ffi.byref.PointerByReference;

/** The part of {@code libavutil/*.h} the recorder calls. */
public interface AvUtil {

  int avutil_version();

  int av_strerror(int errnum, Pointer errbuf, long errbufSize);

  Pointer av_frame_alloc();

  void av_frame_free(PointerByReference frame);

  int av_frame_get_buffer(Pointer frame, int align);

  int av_frame_make_writable(Pointer frame);

  void av_frame_unref(Pointer frame);

  int av_dict_set(PointerByReference dict, String key, String value, int flags);

  int av_dict_count(Pointer dict);

  /** Returns the entry after {@code prev} whose key matches; entry = {char *key; char *value}. */
  Pointer av_dict_get(Pointer dict, String key, Pointer prev, int flags);

  void av_dict_free(PointerByReference dict);

  int av_opt_set(Pointer obj, String name, String value, int searchFlags);

  int av_opt_set_int(Pointer obj, String name, long value, int searchFlags);

  int av_opt_get_int(Pointer obj, String name, int searchFlags, LongLongByReference out);

  void av_channel_layout_default(Pointer channelLayout, int nbChannels);

  void av_channel_layout_uninit(Pointer channelLayout);

  void av_log_set_level(int level);

  long av_gettime();

  /** {@code AV_DICT_IGNORE_SUFFIX}: with an empty key, iterates all entries. */
  int AV_DICT_IGNORE_SUFFIX = 2;

  int AV_OPT_SEARCH_CHILDREN = 1;
  int AV_LOG_ERROR = 16;
  int AV_LOG_WARNING = 24;
  int AV_PIX_FMT_YUV420P = 0;
  int AV_SAMPLE_FMT_S16 = 1;
  int AV_SAMPLE_FMT_FLTP = 8;
  long AV_NOPTS_VALUE = Long.MIN_VALUE;
  int AVERROR_EAGAIN = -11;
  int AVERROR_EOF = -('E' | ('O' << 8) | ('F' << 16) | (' ' << 24));
  int AVMEDIA_TYPE_VIDEO = 0;
  int AVMEDIA_TYPE_AUDIO = 1;
}
