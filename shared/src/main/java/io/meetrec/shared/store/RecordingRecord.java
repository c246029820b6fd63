package io.meetrec.shared.store;

import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingOutput;
import io.meetrec.shared.recording.RecordingProgress;
import io.meetrec.shared.recording.RecordingSegment;
import io.meetrec.shared.recording.RecordingState;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A recording as Redis holds it: the job, where it is in its life, who records it, and what came of
 * it.
 *
 * @param job null only for a record whose job could not be read (never written that way)
 * @param clientId the intake client that asked for it; null when another publisher sent the job
 * @param owner the recorder (pod name) holding the claim; null while queued
 * @param leaseUntil when the owner's lease lapses unless renewed
 * @param lastWebhook the last webhook delivery outcome as JSON, as the webhooks function wrote it
 * @param segment the segment being recorded: 1, then one more per takeover
 * @param segmentStartedAt when the current segment's capture started (the first segment's is {@code
 *     startedAt})
 * @param keptSegments the segments before the current one, in order, as their takeover kept them
 */
public record RecordingRecord(
    String id,
    RecordingState state,
    @Nullable RecordingJob job,
    @Nullable String clientId,
    @Nullable String conferenceId,
    @Nullable String owner,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt,
    @Nullable Instant claimedAt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable Instant leaseUntil,
    RecordingProgress progress,
    @Nullable RecordingOutput output,
    @Nullable RecordingError error,
    boolean stopRequested,
    @Nullable String lastWebhook,
    int segment,
    @Nullable Instant segmentStartedAt,
    List<RecordingSegment> keptSegments) {}
