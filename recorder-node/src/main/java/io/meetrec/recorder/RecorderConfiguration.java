package io.meetrec.recorder;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Who this recorder is and where it keeps its files.
 *
 * @param name the owner name written into claims and leases. Defaults to the {@code HOSTNAME}
 *     environment variable (the pod name in Kubernetes), else {@code recorder-<pid>}; two recorders
 *     must never share it
 * @param workDir where recordings are written while they run and kept when an upload fails.
 *     Defaults to {@code /var/lib/meetrec/recordings}
 * @param availabilityLogEvery how often the {@code recorder.availability} log line is written.
 *     Defaults to 30 s
 */
@ConfigurationProperties(RecorderConfiguration.PREFIX)
public record RecorderConfiguration(
    @Nullable String name,
    @Bindable(defaultValue = "/var/lib/meetrec/recordings") String workDir,
    @Bindable(defaultValue = "30s") Duration availabilityLogEvery) {

  public static final String PREFIX = "meetrec.recorder";

  public String owner() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String host = System.getenv("HOSTNAME");
    return host != null && !host.isBlank() ? host : "recorder-" + ProcessHandle.current().pid();
  }

  public Path workPath() {
    return Path.of(workDir);
  }
}
