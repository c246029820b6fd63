package io.meetrec.intake.download;

import io.meetrec.shared.recording.RecordingOutput;
import java.util.Optional;

/** Turns a completed recording's stored object into something a client can fetch. */
public interface DownloadLinks {

  /**
   * A link to the media, or empty when this implementation cannot reach {@code output} or the
   * object lies outside the recording's own {@code prefix} (a record pointing elsewhere is never
   * signed for).
   */
  Optional<DownloadLink> linkFor(RecordingOutput output, String prefix);
}
