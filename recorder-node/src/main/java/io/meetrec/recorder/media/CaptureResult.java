package io.meetrec.recorder.media;

import java.nio.file.Path;
import java.util.List;

public record CaptureResult(
    Path file, long sizeBytes, double durationSeconds, List<StreamInfo> streams) {}
