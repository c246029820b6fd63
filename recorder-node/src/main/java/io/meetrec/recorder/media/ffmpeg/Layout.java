package io.meetrec.recorder.media.ffmpeg;

import java.util.Map;
import jnr.ffi.Pointer;

/**
 * The few struct fields read or written directly because ffmpeg offers no accessor for them. Valid
 * for the major versions {@link Ffmpeg} insists on; {@code LayoutTest} compares every entry of
 * {@link #OFFSETS} with {@code offsetof} from the installed headers.
 */
public final class Layout {

  private Layout() {}

  public static final int FRAME_DATA = 0;
  public static final int FRAME_LINESIZE = 64;
  public static final int FRAME_WIDTH = 104;
  public static final int FRAME_HEIGHT = 108;
  public static final int FRAME_NB_SAMPLES = 112;
  public static final int FRAME_FORMAT = 116;
  public static final int FRAME_PTS = 136;
  public static final int FRAME_SAMPLE_RATE = 208;
  public static final int FRAME_CH_LAYOUT = 448;

  public static final int PACKET_PTS = 8;
  public static final int PACKET_DTS = 16;
  public static final int PACKET_DATA = 24;
  public static final int PACKET_SIZE = 32;
  public static final int PACKET_STREAM_INDEX = 36;
  public static final int PACKET_FLAGS = 40;
  public static final int PACKET_DURATION = 64;

  public static final int FORMAT_PB = 32;
  public static final int FORMAT_NB_STREAMS = 44;
  public static final int FORMAT_STREAMS = 48;
  public static final int FORMAT_START_TIME = 64;
  public static final int FORMAT_DURATION = 72;

  public static final int STREAM_TIME_BASE = 16;
  public static final int STREAM_START_TIME = 24;
  public static final int STREAM_DURATION = 32;
  public static final int STREAM_NB_FRAMES = 40;
  public static final int STREAM_AVG_FRAME_RATE = 72;
  public static final int STREAM_CODECPAR = 208;

  public static final int PAR_CODEC_TYPE = 0;
  public static final int PAR_CODEC_ID = 4;
  public static final int PAR_FORMAT = 28;
  public static final int PAR_WIDTH = 56;
  public static final int PAR_HEIGHT = 60;
  public static final int PAR_SAMPLE_RATE = 116;
  public static final int PAR_CH_LAYOUT = 144;

  /** No AVOption writes an encoder's sample format. */
  public static final int CODEC_SAMPLE_FMT = 360;

  public static final int CODEC_FRAME_SIZE = 364;

  public static final int CH_LAYOUT_NB_CHANNELS = 4;
  public static final int CH_LAYOUT_SIZE = 24;

  /** C member designator → offset, for the header check. */
  public static final Map<String, Integer> OFFSETS =
      Map.ofEntries(
          Map.entry("AVFrame.data", FRAME_DATA),
          Map.entry("AVFrame.linesize", FRAME_LINESIZE),
          Map.entry("AVFrame.width", FRAME_WIDTH),
          Map.entry("AVFrame.height", FRAME_HEIGHT),
          Map.entry("AVFrame.nb_samples", FRAME_NB_SAMPLES),
          Map.entry("AVFrame.format", FRAME_FORMAT),
          Map.entry("AVFrame.pts", FRAME_PTS),
          Map.entry("AVFrame.sample_rate", FRAME_SAMPLE_RATE),
          Map.entry("AVFrame.ch_layout", FRAME_CH_LAYOUT),
          Map.entry("AVPacket.pts", PACKET_PTS),
          Map.entry("AVPacket.dts", PACKET_DTS),
          Map.entry("AVPacket.data", PACKET_DATA),
          Map.entry("AVPacket.size", PACKET_SIZE),
          Map.entry("AVPacket.stream_index", PACKET_STREAM_INDEX),
          Map.entry("AVPacket.flags", PACKET_FLAGS),
          Map.entry("AVPacket.duration", PACKET_DURATION),
          Map.entry("AVFormatContext.pb", FORMAT_PB),
          Map.entry("AVFormatContext.nb_streams", FORMAT_NB_STREAMS),
          Map.entry("AVFormatContext.streams", FORMAT_STREAMS),
          Map.entry("AVFormatContext.start_time", FORMAT_START_TIME),
          Map.entry("AVFormatContext.duration", FORMAT_DURATION),
          Map.entry("AVStream.time_base", STREAM_TIME_BASE),
          Map.entry("AVStream.start_time", STREAM_START_TIME),
          Map.entry("AVStream.duration", STREAM_DURATION),
          Map.entry("AVStream.nb_frames", STREAM_NB_FRAMES),
          Map.entry("AVStream.avg_frame_rate", STREAM_AVG_FRAME_RATE),
          Map.entry("AVStream.codecpar", STREAM_CODECPAR),
          Map.entry("AVCodecParameters.codec_type", PAR_CODEC_TYPE),
          Map.entry("AVCodecParameters.codec_id", PAR_CODEC_ID),
          Map.entry("AVCodecParameters.format", PAR_FORMAT),
          Map.entry("AVCodecParameters.width", PAR_WIDTH),
          Map.entry("AVCodecParameters.height", PAR_HEIGHT),
          Map.entry("AVCodecParameters.sample_rate", PAR_SAMPLE_RATE),
          Map.entry("AVCodecParameters.ch_layout", PAR_CH_LAYOUT),
          Map.entry("AVCodecContext.sample_fmt", CODEC_SAMPLE_FMT),
          Map.entry("AVCodecContext.frame_size", CODEC_FRAME_SIZE),
          Map.entry("AVChannelLayout.nb_channels", CH_LAYOUT_NB_CHANNELS));

  /** sizeof(AVChannelLayout), also checked against the headers. */
  public static final Map<String, Integer> SIZES = Map.of("AVChannelLayout", CH_LAYOUT_SIZE);

  /** An {@code AVRational} field as a double (num/den), 0 when den is 0. */
  public static double rational(Pointer struct, int offset) {
    int num = struct.getInt(offset);
    int den = struct.getInt(offset + 4);
    return den == 0 ? 0 : (double) num / den;
  }

  /** The {@code index}th {@code AVStream *} of a format context. */
  public static Pointer stream(Pointer formatContext, int index) {
    return formatContext.getPointer(FORMAT_STREAMS).getPointer((long) index * 8);
  }
}
