package io.meetrec.shared.recording;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The stored media of a completed recording.
 *
 * @param uri {@code gs://bucket/yyyy/mm/dd/id/recording.mp4}, or {@code file:///...} locally
 */
@Serdeable
public record RecordingOutput(
    String uri,
    long sizeBytes,
    double durationSeconds,
    @Nullable String md5Base64,
    @Nullable String crc32c,
    String contentType) {}
