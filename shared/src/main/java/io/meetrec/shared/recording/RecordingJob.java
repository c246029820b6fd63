package io.meetrec.shared.recording;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/**
 * The job on the {@code recording-requests} topic: everything a recorder needs, so it never depends
 * on the intake having run. Published as the message data, with {@code recordingId} and {@code
 * schemaVersion} also as attributes.
 *
 * @param video the picture to record; null when {@code audioOnly}
 * @param webhookUrl where events about this recording are delivered; null for none
 */
@Serdeable
public record RecordingJob(
    int schemaVersion,
    String recordingId,
    String meetingUrl,
    String conferenceId,
    int maxDurationSeconds,
    @Nullable VideoSpec video,
    boolean audioOnly,
    @Nullable String webhookUrl,
    @Nullable Map<String, String> metadata,
    Instant requestedAt,
    Instant expiresAt) {

  public static final int SCHEMA_VERSION = 1;

  public RecordingJob {
    // JSON drops empty maps, so absent and empty metadata must read back the same.
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public static final String ATTR_RECORDING_ID = "recordingId";
  public static final String ATTR_SCHEMA_VERSION = "schemaVersion";

  /**
   * The authenticated client that asked for the job. Developers' personal recorder subscriptions
   * filter on it (client ids {@code developer-<name>}), and the shared dev subscription excludes
   * them (terraform/modules/pubsub).
   */
  public static final String ATTR_CLIENT_ID = "clientId";

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The picture to record, or null for an audio-only recording. */
  public @Nullable VideoSpec effectiveVideo() {
    if (audioOnly) {
      return null;
    }
    return video == null ? VideoSpec.DEFAULT : video;
  }
}
