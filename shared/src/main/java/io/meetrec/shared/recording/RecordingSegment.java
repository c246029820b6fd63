package io.meetrec.shared.recording;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One recorder's stretch of a recording. A recording has one segment unless its recorder was lost
 * while the meeting went on and another recorder took it over: each takeover records the next
 * segment, and the time between one segment's end and the next one's start is lost.
 *
 * @param number 1 for the recorder that claimed the job, then 2, 3, ... for each takeover
 * @param startedAt when this segment's capture started (wall clock)
 * @param durationSeconds the media this segment kept
 * @param media where that media is; null when the segment kept none
 */
@Serdeable
public record RecordingSegment(
    int number, Instant startedAt, double durationSeconds, @Nullable RecordingOutput media) {

  /** When this segment's media ends on the wall clock. */
  public Instant endedAt() {
    return startedAt.plusMillis(Math.round(durationSeconds * 1000));
  }
}
