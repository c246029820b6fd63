package io.meetrec.recorder.session;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A running session as {@code /sessions} shows it. */
@Serdeable
public record SessionView(
    String recordingId,
    String conferenceId,
    String phase,
    Instant claimedAt,
    @Nullable Instant startedAt,
    double recordedSeconds,
    long bytes,
    @Nullable String stopReason) {}
