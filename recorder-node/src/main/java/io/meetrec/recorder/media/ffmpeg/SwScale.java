package io.meetrec.recorder.media.ffmpeg;

import jnr.ffi.Pointer;

/** The part of {@code libswscale/swscale.h} the recorder calls. */
public interface SwScale {

  int swscale_version();

  Pointer sws_getContext(
      int srcW,
      int srcH,
      int srcFormat,
      int dstW,
      int dstH,
      int dstFormat,
      int flags,
      Pointer srcFilter,
      Pointer dstFilter,
      Pointer param);

  int sws_scale(
      Pointer context,
      Pointer srcSlice,
      Pointer srcStride,
      int srcSliceY,
      int srcSliceH,
      Pointer dst,
      Pointer dstStride);

  void sws_freeContext(Pointer context);

  int SWS_FAST_BILINEAR = 1;
  int SWS_BILINEAR = 2;
}
