package io.meetrec.recorder.media;

public record CaptureProgress(double recordedSeconds, long bytes, long videoFrames) {}
