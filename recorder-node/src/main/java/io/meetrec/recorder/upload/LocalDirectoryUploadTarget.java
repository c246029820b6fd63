package io.meetrec.recorder.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * A directory with the bucket's layout, for the local stack and tests. An object appears whole or
 * not at all: the content is written to a temporary file beside it and moved into place atomically.
 */
public final class LocalDirectoryUploadTarget implements UploadTarget {

  private final Path root;

  public LocalDirectoryUploadTarget(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public StoredObject put(String key, Path file, String contentType) throws IOException {
    Path dest = resolve(key);
    Path tmp = temp(dest);
    try {
      Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
      return commit(tmp, dest);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public StoredObject put(String key, byte[] content, String contentType) throws IOException {
    Path dest = resolve(key);
    Path tmp = temp(dest);
    try {
      Files.write(tmp, content);
      return commit(tmp, dest);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public Optional<StoredObject> find(String key) throws IOException {
    Path dest = resolve(key);
    if (!Files.isRegularFile(dest)) {
      return Optional.empty();
    }
    return Optional.of(new StoredObject(dest.toUri().toString(), Checksums.of(dest)));
  }

  private StoredObject commit(Path tmp, Path dest) throws IOException {
    Checksums written = Checksums.of(tmp);
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new StoredObject(dest.toUri().toString(), written);
  }

  private Path temp(Path dest) throws IOException {
    Files.createDirectories(dest.getParent());
    return dest.resolveSibling("." + dest.getFileName() + "." + UUID.randomUUID() + ".tmp");
  }

  private Path resolve(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("key escapes the upload directory");
    }
    return p;
  }

  @Override
  public String toString() {
    return "LocalDirectoryUploadTarget[" + root + "]";
  }
}
