package io.meetrec.intake.download;

import io.meetrec.shared.recording.RecordingOutput;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Local development stores recordings in a directory, so the "download URL" is the file's own
 * {@code file:} location, which a developer on the same machine can open.
 */
@Singleton
@Requires(
    property = DownloadConfiguration.PREFIX + ".kind",
    value = "local",
    defaultValue = "local")
public class LocalDownloadLinks implements DownloadLinks {

  @Override
  public Optional<DownloadLink> linkFor(RecordingOutput output, String prefix) {
    if (!output.uri().startsWith("file:")
        || !java.net.URI.create(output.uri()).getPath().contains("/" + prefix)) {
      return Optional.empty();
    }
    return Optional.of(new DownloadLink(output.uri(), null));
  }
}
