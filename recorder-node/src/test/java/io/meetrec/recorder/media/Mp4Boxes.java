package io.meetrec.recorder.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the top-level boxes of an MP4 that may still be growing or was cut off. */
final class Mp4Boxes {

  private Mp4Boxes() {}

  /**
   * Fragments ({@code moof} followed by its {@code mdat}) written out completely; a box cut off at
   * the end of the file does not count. Zero for a file that does not exist yet.
   */
  static int completeFragments(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    int fragments = 0;
    boolean inFragment = false;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      long offset = 0;
      ByteBuffer header = ByteBuffer.allocate(16);
      while (offset + 8 <= length) {
        header.clear();
        channel.read(header, offset);
        header.flip();
        if (header.remaining() < 8) {
          break;
        }
        long size = Integer.toUnsignedLong(header.getInt());
        String type =
            new String(new byte[] {header.get(), header.get(), header.get(), header.get()});
        if (size == 1) {
          if (header.remaining() < 8) {
            break;
          }
          size = header.getLong();
        } else if (size == 0) {
          size = length - offset;
        }
        if (size < 8 || offset + size > length) {
          break; // cut off here
        }
        if (type.equals("moof")) {
          inFragment = true;
        } else if (type.equals("mdat") && inFragment) {
          fragments++;
          inFragment = false;
        }
        offset += size;
      }
    }
    return fragments;
  }
}
