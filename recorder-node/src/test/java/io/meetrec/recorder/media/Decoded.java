package io.meetrec.recorder.media;

import io.meetrec.recorder.media.ffmpeg.AvUtil;
import io.meetrec.recorder.media.ffmpeg.Ffmpeg;
import io.meetrec.recorder.media.ffmpeg.Layout;
import io.meetrec.recorder.media.ffmpeg.Native;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/** A recorded file decoded through the same libraries: luma statistics per frame, audio RMS. */
record Decoded(
    List<Double> lumaMeans, List<Double> lumaDeviations, List<Long> lumaHashes, double audioRms) {

  static Decoded of(Ffmpeg ff, Path file) {
    List<Double> means = new ArrayList<>();
    List<Double> deviations = new ArrayList<>();
    List<Long> hashes = new ArrayList<>();
    double sumSquares = 0;
    long samples = 0;
    try (Native scope = new Native()) {
      Pointer input = MediaFiles.openInput(ff, scope, file);
      int count = input.getInt(Layout.FORMAT_NB_STREAMS);
      Pointer[] decoders = new Pointer[count];
      for (int i = 0; i < count; i++) {
        Pointer par = Layout.stream(input, i).getPointer(Layout.STREAM_CODECPAR);
        Pointer codec = ff.codec.avcodec_find_decoder(par.getInt(Layout.PAR_CODEC_ID));
        Pointer decoder = ff.codec.avcodec_alloc_context3(codec);
        scope.onClose(() -> ff.codec.avcodec_free_context(new PointerByReference(decoder)));
        ff.codec.avcodec_parameters_to_context(decoder, par);
        ff.codec.avcodec_open2(decoder, codec, null);
        decoders[i] = decoder;
      }
      Pointer packet = ff.codec.av_packet_alloc();
      scope.onClose(() -> ff.codec.av_packet_free(new PointerByReference(packet)));
      Pointer frame = ff.util.av_frame_alloc();
      scope.onClose(() -> ff.util.av_frame_free(new PointerByReference(frame)));
      while (ff.format.av_read_frame(input, packet) >= 0) {
        int index = packet.getInt(Layout.PACKET_STREAM_INDEX);
        boolean video =
            Layout.stream(input, index)
                    .getPointer(Layout.STREAM_CODECPAR)
                    .getInt(Layout.PAR_CODEC_TYPE)
                == AvUtil.AVMEDIA_TYPE_VIDEO;
        ff.codec.avcodec_send_packet(decoders[index], packet);
        ff.codec.av_packet_unref(packet);
        while (ff.codec.avcodec_receive_frame(decoders[index], frame) >= 0) {
          if (video) {
            Pointer luma = frame.getPointer(Layout.FRAME_DATA);
            int stride = frame.getInt(Layout.FRAME_LINESIZE);
            int width = frame.getInt(Layout.FRAME_WIDTH);
            int height = frame.getInt(Layout.FRAME_HEIGHT);
            double sum = 0;
            double squares = 0;
            long hash = 0;
            int n = 0;
            for (int y = 0; y < height; y += 8) {
              for (int x = 0; x < width; x += 8) {
                int v = luma.getByte((long) y * stride + x) & 0xff;
                sum += v;
                squares += (double) v * v;
                hash = hash * 31 + v;
                n++;
              }
            }
            double mean = sum / n;
            means.add(mean);
            deviations.add(Math.sqrt(Math.max(0, squares / n - mean * mean)));
            hashes.add(hash);
          } else {
            // fltp: plane 0 is the left channel as 32-bit floats
            Pointer left = frame.getPointer(Layout.FRAME_DATA);
            int n = frame.getInt(Layout.FRAME_NB_SAMPLES);
            for (int i = 0; i < n; i++) {
              double v = left.getFloat(4L * i);
              sumSquares += v * v;
            }
            samples += n;
          }
          ff.util.av_frame_unref(frame);
        }
      }
    }
    return new Decoded(
        means, deviations, hashes, samples == 0 ? 0 : Math.sqrt(sumSquares / samples));
  }
}
