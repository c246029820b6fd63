package io.meetrec.recorder.media.ffmpeg;

import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/** The part of {@code libswresample/swresample.h} the recorder calls. */
public interface SwResample {

  int swresample_version();

  Pointer swr_alloc();

  int swr_init(Pointer context);

  void swr_free(PointerByReference context);

  int swr_convert(Pointer context, Pointer out, int outCount, Pointer in, int inCount);

  int swr_get_out_samples(Pointer context, int inSamples);
}
