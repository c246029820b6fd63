package io.meetrec.recorder.session;

import io.meetrec.shared.recording.RecordingSegment;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A recording this recorder took over from a lost one: it records segment {@code segment} of it.
 *
 * @param recordingStartedAt when the recording's first segment started: its time limit counts from
 *     there
 * @param kept the segments before this one, with the media each kept
 * @param clientId the client the store has the recording under, kept for a re-assert
 */
public record Takeover(
    int segment,
    @Nullable Instant recordingStartedAt,
    List<RecordingSegment> kept,
    @Nullable String clientId) {}
