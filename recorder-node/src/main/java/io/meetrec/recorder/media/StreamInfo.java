package io.meetrec.recorder.media;

/**
 * One stream of a finished file, as read back from the file.
 *
 * @param kind {@code video} or {@code audio}
 */
public record StreamInfo(
    String kind, String codec, int width, int height, double fps, int sampleRate, int channels) {}
