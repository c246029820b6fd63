package io.meetrec.intake.recordings;

import io.meetrec.intake.download.DownloadLink;
import io.meetrec.shared.recording.RecordingError;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingProgress;
import io.meetrec.shared.recording.RecordingSegment;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.WebhookLedger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A recording as a client sees it: no owner or lease internals. Create, get and stop answer this
 * shape; {@code webhooks} (on create and a single recording's GET) lists each event's delivery and
 * is absent from lists.
 */
@Serdeable
public record RecordingView(
    String id,
    String status,
    @Nullable String conferenceId,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable Instant expiresAt,
    boolean stopRequested,
    RecordingProgress progress,
    @Nullable Output output,
    @Nullable RecordingError error,
    Map<String, String> metadata,
    @Nullable List<Webhook> webhooks) {

  /**
   * One event's webhook delivery: {@code state} is {@code pending}, {@code delivering}, {@code
   * delivered}, {@code retrying} (next attempt at {@code nextAttemptAt}) or {@code gave_up}.
   */
  @Serdeable
  public record Webhook(
      String eventId,
      String type,
      String state,
      int attempts,
      @Nullable Integer lastStatus,
      @Nullable String lastOutcome,
      @Nullable Instant lastAttemptAt,
      @Nullable Instant nextAttemptAt,
      @Nullable Instant deliveredAt) {

    static Webhook of(WebhookLedger.Entry e) {
      return new Webhook(
          e.eventId(),
          e.type(),
          e.state().wireName(),
          e.attempts(),
          e.lastStatus(),
          e.lastOutcome(),
          e.lastAttemptAt(),
          e.nextAttemptAt(),
          e.deliveredAt());
    }
  }

  /**
   * The stored media and, when the recording is complete, where to download it. A recording taken
   * over after its recorder was lost lists its {@code segments} (the top-level fields describe the
   * first that kept media) and the seconds of meeting no segment captured.
   */
  @Serdeable
  public record Output(
      String uri,
      long sizeBytes,
      double durationSeconds,
      @Nullable String md5Base64,
      @Nullable String crc32c,
      String contentType,
      @Nullable String downloadUrl,
      @Nullable Instant downloadExpiresAt,
      @Nullable List<Segment> segments,
      @Nullable Double lostSeconds) {}

  /** One recorder's stretch of a taken-over recording; {@code uri} null when it kept no media. */
  @Serdeable
  public record Segment(
      int number,
      Instant startedAt,
      Instant endedAt,
      double durationSeconds,
      @Nullable String uri,
      @Nullable Long sizeBytes) {

    static Segment of(RecordingSegment s) {
      return new Segment(
          s.number(),
          s.startedAt(),
          s.endedAt(),
          s.durationSeconds(),
          s.media() == null ? null : s.media().uri(),
          s.media() == null ? null : s.media().sizeBytes());
    }
  }

  /** A recording just queued for {@code clientId}, as the create answers it. */
  static RecordingView queued(RecordingJob job, String clientId, Instant now) {
    return of(
        new RecordingRecord(
            job.recordingId(),
            RecordingState.QUEUED,
            job,
            clientId,
            job.conferenceId(),
            null,
            now,
            now,
            null,
            null,
            null,
            null,
            RecordingProgress.NONE,
            null,
            null,
            false,
            null,
            1,
            null,
            List.of()),
        null,
        List.of());
  }

  static RecordingView of(RecordingRecord r, @Nullable DownloadLink link) {
    return of(r, link, null);
  }

  static RecordingView of(
      RecordingRecord r, @Nullable DownloadLink link, @Nullable List<WebhookLedger.Entry> hooks) {
    Output output = null;
    if (r.output() != null) {
      var o = r.output();
      output =
          new Output(
              o.uri(),
              o.sizeBytes(),
              o.durationSeconds(),
              o.md5Base64(),
              o.crc32c(),
              o.contentType(),
              link == null ? null : link.url(),
              link == null ? null : link.expiresAt(),
              o.segments() == null ? null : o.segments().stream().map(Segment::of).toList(),
              o.lostSeconds());
    }
    return new RecordingView(
        r.id(),
        r.state().wireName(),
        r.conferenceId(),
        r.createdAt(),
        r.updatedAt(),
        r.startedAt(),
        r.endedAt(),
        r.job() == null ? null : r.job().expiresAt(),
        r.stopRequested(),
        r.progress(),
        output,
        r.error(),
        r.job() == null ? Map.of() : r.job().metadata(),
        hooks == null ? null : hooks.stream().map(Webhook::of).toList());
  }
}
