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

/**
 * A recorded file decoded through the same libraries: luma statistics per video frame (every frame,
 * the decoders are drained at the end), audio RMS.
 */
public record Decoded(
    List<Double> lumaMeans, List<Double> lumaDeviations, List<Long> lumaHashes, double audioRms) {

  /** Video frames whose picture differs from the frame before. */
  public int changedFrames() {
    int changed = 0;
    for (int i = 0; i < lumaHashes.size(); i++) {
      if (i == 0 || !lumaHashes.get(i).equals(lumaHashes.get(i - 1))) {
        changed++;
      }
    }
    return changed;
  }

  public static Decoded of(Ffmpeg ff, Path file) {
    Collector collector = new Collector();
    try (Native scope = new Native()) {
      Pointer input = MediaFiles.openInput(ff, scope, file);
      int count = input.getInt(Layout.FORMAT_NB_STREAMS);
      Pointer[] decoders = new Pointer[count];
      boolean[] video = new boolean[count];
      for (int i = 0; i < count; i++) {
        Pointer par = Layout.stream(input, i).getPointer(Layout.STREAM_CODECPAR);
        Pointer codec = ff.codec.avcodec_find_decoder(par.getInt(Layout.PAR_CODEC_ID));
        Pointer decoder = ff.codec.avcodec_alloc_context3(codec);
        scope.onClose(() -> ff.codec.avcodec_free_context(new PointerByReference(decoder)));
        ff.codec.avcodec_parameters_to_context(decoder, par);
        ff.codec.avcodec_open2(decoder, codec, null);
        decoders[i] = decoder;
        video[i] = par.getInt(Layout.PAR_CODEC_TYPE) == AvUtil.AVMEDIA_TYPE_VIDEO;
      }
      Pointer packet = ff.codec.av_packet_alloc();
      scope.onClose(() -> ff.codec.av_packet_free(new PointerByReference(packet)));
      Pointer frame = ff.util.av_frame_alloc();
      scope.onClose(() -> ff.util.av_frame_free(new PointerByReference(frame)));
      while (ff.format.av_read_frame(input, packet) >= 0) {
        int index = packet.getInt(Layout.PACKET_STREAM_INDEX);
        ff.codec.avcodec_send_packet(decoders[index], packet);
        ff.codec.av_packet_unref(packet);
        collector.receive(ff, decoders[index], frame, video[index]);
      }
      // frames still held back for reordering come out once the decoder is told the input ended
      for (int i = 0; i < count; i++) {
        ff.codec.avcodec_send_packet(decoders[i], null);
        collector.receive(ff, decoders[i], frame, video[i]);
      }
    }
    return collector.result();
  }

  private static final class Collector {
    private final List<Double> means = new ArrayList<>();
    private final List<Double> deviations = new ArrayList<>();
    private final List<Long> hashes = new ArrayList<>();
    private double sumSquares;
    private long samples;

    void receive(Ffmpeg ff, Pointer decoder, Pointer frame, boolean video) {
      while (ff.codec.avcodec_receive_frame(decoder, frame) >= 0) {
        if (video) {
          picture(frame);
        } else {
          sound(frame);
        }
        ff.util.av_frame_unref(frame);
      }
    }

    private void picture(Pointer frame) {
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
    }

    private void sound(Pointer frame) {
      // fltp: plane 0 is the left channel as 32-bit floats
      Pointer left = frame.getPointer(Layout.FRAME_DATA);
      int n = frame.getInt(Layout.FRAME_NB_SAMPLES);
      for (int i = 0; i < n; i++) {
        double v = left.getFloat(4L * i);
        sumSquares += v * v;
      }
      samples += n;
    }

    Decoded result() {
      return new Decoded(
          List.copyOf(means),
          List.copyOf(deviations),
          List.copyOf(hashes),
          samples == 0 ? 0 : Math.sqrt(sumSquares / samples));
    }
  }
}
