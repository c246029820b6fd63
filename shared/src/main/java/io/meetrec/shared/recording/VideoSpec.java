package io.meetrec.shared.recording;

import io.micronaut.serde.annotation.Serdeable;

/** The size and frame rate of the recorded picture. */
@Serdeable
public record VideoSpec(int width, int height, int fps) {

  public static final VideoSpec DEFAULT = new VideoSpec(1280, 720, 30);
}
