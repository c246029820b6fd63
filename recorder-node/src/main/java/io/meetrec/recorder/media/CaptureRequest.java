package io.meetrec.recorder.media;

import io.meetrec.shared.recording.VideoSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What to record and where to put it.
 *
 * @param video null when {@code audioOnly}
 * @param joinToken passed to the page as the {@code token} query parameter; never logged
 */
public record CaptureRequest(
    String recordingId,
    URI meetingUrl,
    String joinToken,
    VideoSpec video,
    boolean audioOnly,
    Path outputFile,
    Duration startTimeout) {

  @Override
  public String toString() {
    return "CaptureRequest[recordingId="
        + recordingId
        + ", meetingUrl="
        + meetingUrl
        + ", video="
        + video
        + ", audioOnly="
        + audioOnly
        + ", outputFile="
        + outputFile
        + ", startTimeout="
        + startTimeout
        + "]";
  }
}
