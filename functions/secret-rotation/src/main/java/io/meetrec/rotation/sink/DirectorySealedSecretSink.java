package io.meetrec.rotation.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the manifest under a local directory (the local stand-in for the GitOps bucket). */
public final class DirectorySealedSecretSink implements SealedSecretSink {

  private final Path root;

  public DirectorySealedSecretSink(Path root) {
    this.root = root;
  }

  @Override
  public void write(String objectName, byte[] manifest) {
    Path target = resolve(objectName);
    try {
      Files.createDirectories(target.getParent());
      // Written aside and moved, so a watcher never reads half a manifest.
      Path tmp = Files.createTempFile(target.getParent(), ".sealed-", ".tmp");
      Files.write(tmp, manifest);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  @Override
  public boolean exists(String objectName) {
    return Files.exists(resolve(objectName));
  }

  private Path resolve(String objectName) {
    Path target = root.resolve(objectName).normalize();
    if (!target.startsWith(root.normalize())) {
      throw new IllegalArgumentException("object name leaves the directory: " + objectName);
    }
    return target;
  }
}
