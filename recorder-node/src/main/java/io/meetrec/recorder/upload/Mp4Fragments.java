package io.meetrec.recorder.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a fragmented MP4 as the muxer writes it and tells how far it is complete: the offset just
 * after the last whole {@code moov} or {@code moof}+{@code mdat} pair, and the media time that
 * prefix holds. Every byte before that offset is final, so the prefix can be stored while the file
 * still grows; prefixes stored in order concatenate to a playable file.
 *
 * <p>The media time of a track is its last fragment's {@code tfdt} base decode time plus the
 * durations of that fragment's samples ({@code trun}, else the {@code tfhd} or {@code trex}
 * default), in the track's {@code mdhd} timescale; the prefix holds the shortest track's time.
 */
final class Mp4Fragments {

  /** A box larger than this inside {@code moov} or {@code moof} is not one the muxer writes. */
  private static final long MAX_HEADER_BOX = 16L << 20;

  private final Map<Integer, Long> timescales = new HashMap<>();
  private final Map<Integer, Long> defaultDurations = new HashMap<>();
  private final Map<Integer, Long> trackEnds = new HashMap<>();
  private long complete;

  /** The offset after the last complete fragment (0 until the header is whole). */
  long complete() {
    return complete;
  }

  /** Seconds of media in the complete prefix: the shortest track's end. */
  double seconds() {
    double shortest = Double.MAX_VALUE;
    for (Map.Entry<Integer, Long> end : trackEnds.entrySet()) {
      Long scale = timescales.get(end.getKey());
      if (scale != null && scale > 0) {
        shortest = Math.min(shortest, end.getValue() / (double) scale);
      }
    }
    return shortest == Double.MAX_VALUE ? 0 : shortest;
  }

  /** Reads on from the last complete offset; returns the new complete offset. */
  long scan(FileChannel file) throws IOException {
    long size = file.size();
    long pos = complete;
    Map<Integer, Long> pending = null;
    while (pos + 8 <= size) {
      ByteBuffer head = read(file, pos, 16 <= size - pos ? 16 : 8);
      long boxSize = head.getInt() & 0xFFFFFFFFL;
      String type = fourCc(head);
      int headerLength = 8;
      if (boxSize == 1) {
        if (head.remaining() < 8) {
          break;
        }
        boxSize = head.getLong();
        headerLength = 16;
      }
      if (boxSize == 0 || boxSize < headerLength || pos + boxSize > size) {
        break; // written to the end of the file, or not yet whole
      }
      switch (type) {
        case "moov" -> {
          parseMoov(body(file, pos + headerLength, boxSize - headerLength));
          complete = pos + boxSize;
        }
        case "moof" -> pending = parseMoof(body(file, pos + headerLength, boxSize - headerLength));
        case "mdat" -> {
          if (pending != null) {
            trackEnds.putAll(pending);
            pending = null;
          }
          complete = pos + boxSize;
        }
        default -> {
          // ftyp, free, sidx, mfra: carried along with the next boundary
        }
      }
      pos += boxSize;
    }
    return complete;
  }

  private void parseMoov(ByteBuffer moov) {
    forEachBox(
        moov,
        (type, box) -> {
          if (type.equals("trak")) {
            int[] trackId = {0};
            long[] timescale = {0};
            forEachBox(
                box,
                (t, b) -> {
                  if (t.equals("tkhd")) {
                    int version = b.get(0);
                    trackId[0] = b.getInt(version == 1 ? 4 + 16 : 4 + 8);
                  } else if (t.equals("mdia")) {
                    forEachBox(
                        b,
                        (mt, mb) -> {
                          if (mt.equals("mdhd")) {
                            int version = mb.get(0);
                            timescale[0] = mb.getInt(version == 1 ? 4 + 16 : 4 + 8) & 0xFFFFFFFFL;
                          }
                        });
                  }
                });
            timescales.put(trackId[0], timescale[0]);
          } else if (type.equals("mvex")) {
            forEachBox(
                box,
                (t, b) -> {
                  if (t.equals("trex")) {
                    defaultDurations.put(b.getInt(4), b.getInt(12) & 0xFFFFFFFFL);
                  }
                });
          }
        });
  }

  private Map<Integer, Long> parseMoof(ByteBuffer moof) {
    Map<Integer, Long> ends = new HashMap<>();
    forEachBox(
        moof,
        (type, traf) -> {
          if (!type.equals("traf")) {
            return;
          }
          int[] trackId = {0};
          long[] tfhdDuration = {-1};
          long[] base = {0};
          long[] duration = {0};
          forEachBox(
              traf,
              (t, b) -> {
                switch (t) {
                  case "tfhd" -> {
                    int flags = b.getInt(0) & 0xFFFFFF;
                    trackId[0] = b.getInt(4);
                    int at = 8;
                    at += (flags & 0x01) != 0 ? 8 : 0;
                    at += (flags & 0x02) != 0 ? 4 : 0;
                    if ((flags & 0x08) != 0) {
                      tfhdDuration[0] = b.getInt(at) & 0xFFFFFFFFL;
                    }
                  }
                  case "tfdt" -> {
                    int version = b.get(0);
                    base[0] = version == 1 ? b.getLong(4) : b.getInt(4) & 0xFFFFFFFFL;
                  }
                  case "trun" -> duration[0] += trunDuration(b, trackId[0], tfhdDuration[0]);
                  default -> {}
                }
              });
          ends.put(trackId[0], base[0] + duration[0]);
        });
    return ends;
  }

  private long trunDuration(ByteBuffer trun, int trackId, long tfhdDuration) {
    int flags = trun.getInt(0) & 0xFFFFFF;
    long count = trun.getInt(4) & 0xFFFFFFFFL;
    int at = 8;
    at += (flags & 0x001) != 0 ? 4 : 0;
    at += (flags & 0x004) != 0 ? 4 : 0;
    if ((flags & 0x100) == 0) {
      long each = tfhdDuration >= 0 ? tfhdDuration : defaultDurations.getOrDefault(trackId, 0L);
      return each * count;
    }
    int perSample =
        4 * Integer.bitCount(flags & 0xF00); // duration, size, flags, composition offset
    long total = 0;
    for (long i = 0; i < count && at + 4 <= trun.limit(); i++, at += perSample) {
      total += trun.getInt(at) & 0xFFFFFFFFL;
    }
    return total;
  }

  private interface BoxVisitor {
    void visit(String type, ByteBuffer body);
  }

  /** Visits the child boxes of {@code parent}; each body starts at 0 after the box header. */
  private static void forEachBox(ByteBuffer parent, BoxVisitor visitor) {
    int pos = 0;
    while (pos + 8 <= parent.limit()) {
      long size = parent.getInt(pos) & 0xFFFFFFFFL;
      byte[] type = new byte[4];
      parent.get(pos + 4, type);
      int header = 8;
      if (size == 1 && pos + 16 <= parent.limit()) {
        size = parent.getLong(pos + 8);
        header = 16;
      } else if (size == 0) {
        size = parent.limit() - pos;
      }
      if (size < header || pos + size > parent.limit()) {
        return;
      }
      visitor.visit(
          new String(type, java.nio.charset.StandardCharsets.ISO_8859_1),
          parent.slice(pos + header, (int) size - header));
      pos += (int) size;
    }
  }

  private static ByteBuffer body(FileChannel file, long at, long length) throws IOException {
    if (length > MAX_HEADER_BOX) {
      throw new IOException("an MP4 header box of " + length + " bytes is not one we wrote");
    }
    return read(file, at, (int) length);
  }

  private static ByteBuffer read(FileChannel file, long at, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (file.read(buf, at + buf.position()) < 0) {
        throw new IOException("MP4 ended inside a box");
      }
    }
    return buf.flip();
  }

  private static String fourCc(ByteBuffer head) {
    byte[] type = new byte[4];
    head.get(type);
    return new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
