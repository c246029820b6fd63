package io.meetrec.testing.webrtc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A participant's camera and microphone as files Chromium's fake capture devices play in a loop: a
 * talking-head-like Y4M (a face on the participant's own background colour, the head swaying and
 * the mouth opening with the syllables) and a WAV of the participant's own tone, cut into
 * syllable-like bursts. Small and cheap to encode: 320x240 at 15 frames per second.
 */
public final class SyntheticMedia {

  public static final int WIDTH = 320;
  public static final int HEIGHT = 240;
  public static final int FPS = 15;
  public static final int SECONDS = 4;
  public static final int SAMPLE_RATE = 48_000;

  /** Syllables per second of the tone's envelope (and of the mouth). */
  static final double SYLLABLES = 2.5;

  /** The two files of one participant. */
  public record Files2(Path video, Path audio) {}

  private SyntheticMedia() {}

  /** Writes {@code name.y4m} and {@code name.wav} into {@code dir}. */
  public static Files2 write(Path dir, String name, int index, double toneHz) {
    try {
      Files.createDirectories(dir);
      Path video = dir.resolve(name + ".y4m");
      Path audio = dir.resolve(name + ".wav");
      writeY4m(video, index);
      writeWav(audio, toneHz);
      return new Files2(video, audio);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Envelope of the speech-like tone at time {@code t}, 0..1 (silent gaps between syllables). */
  static double envelope(double t) {
    double phase = (t * SYLLABLES) % 1.0;
    return phase < 0.7 ? Math.sin(Math.PI * phase / 0.7) : 0.0;
  }

  private static void writeWav(Path file, double toneHz) throws IOException {
    int samples = SAMPLE_RATE * SECONDS;
    ByteBuffer data = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    data.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2);
    data.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    data.putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2);
    data.putShort((short) 2).putShort((short) 16);
    data.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      double t = (double) i / SAMPLE_RATE;
      // a whole number of cycles per loop, so the loop point does not click
      double value = 0.5 * envelope(t) * Math.sin(2 * Math.PI * toneHz * t);
      data.putShort((short) Math.round(value * Short.MAX_VALUE));
    }
    Files.write(file, data.array());
  }

  private static void writeY4m(Path file, int index) throws IOException {
    int[][] backgrounds = {{41, 240, 110}, {82, 90, 240}, {145, 54, 34}, {170, 166, 16}};
    int[] bg = backgrounds[index % backgrounds.length];
    byte[] y = new byte[WIDTH * HEIGHT];
    byte[] u = new byte[WIDTH * HEIGHT / 4];
    byte[] v = new byte[WIDTH * HEIGHT / 4];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(
          ("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int f = 0; f < FPS * SECONDS; f++) {
        double t = (double) f / FPS;
        double sway = 12 * Math.sin(2 * Math.PI * t / SECONDS + index);
        double mouth = 2 + 10 * envelope(t);
        int cx = (int) (WIDTH / 2 + sway);
        int cy = HEIGHT / 2 + 10;
        for (int row = 0; row < HEIGHT; row++) {
          for (int col = 0; col < WIDTH; col++) {
            // background with a slow diagonal gradient: a room behind the speaker
            int luma = bg[0] + ((row + col) / 16);
            double dx = (col - cx) / 70.0;
            double dy = (row - cy) / 90.0;
            if (dx * dx + dy * dy < 1) {
              luma = 180; // face
              if (inEllipse(col, row, cx - 25, cy - 25, 9, 6)
                  || inEllipse(col, row, cx + 25, cy - 25, 9, 6)) {
                luma = 30; // eyes
              }
              if (inEllipse(col, row, cx, cy + 40, 24, mouth)) {
                luma = 60; // mouth
              }
            } else if (row > cy + 80) {
              luma = 70; // shoulders
            }
            y[row * WIDTH + col] = (byte) Math.min(235, Math.max(16, luma));
          }
        }
        for (int row = 0; row < HEIGHT / 2; row++) {
          for (int col = 0; col < WIDTH / 2; col++) {
            double dx = (col * 2 - cx) / 70.0;
            double dy = (row * 2 - cy) / 90.0;
            boolean face = dx * dx + dy * dy < 1;
            u[row * WIDTH / 2 + col] = (byte) (face ? 110 : bg[1]);
            v[row * WIDTH / 2 + col] = (byte) (face ? 150 : bg[2]);
          }
        }
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(y);
        out.write(u);
        out.write(v);
      }
    }
  }

  private static boolean inEllipse(int x, int y, int cx, int cy, double rx, double ry) {
    double dx = (x - cx) / rx;
    double dy = (y - cy) / ry;
    return dx * dx + dy * dy < 1;
  }
}
