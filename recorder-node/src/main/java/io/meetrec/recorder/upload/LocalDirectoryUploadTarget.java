package io.meetrec.recorder.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

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
    return staged(
        key, tmp -> Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING), this::commit);
  }

  @Override
  public StoredObject put(String key, byte[] content, String contentType) throws IOException {
    return staged(key, tmp -> Files.write(tmp, content), this::commit);
  }

  @Override
  public Optional<StoredObject> find(String key) throws IOException {
    Path dest = resolve(key);
    if (!Files.isRegularFile(dest)) {
      return Optional.empty();
    }
    return Optional.of(new StoredObject(dest.toUri().toString(), Checksums.of(dest)));
  }

  @Override
  public Optional<StoredObject> createIfAbsent(String key, byte[] content, String contentType)
      throws IOException {
    return staged(key, tmp -> Files.write(tmp, content), this::commitIfAbsent);
  }

  @Override
  public Optional<StoredObject> composeIfAbsent(
      List<String> sources, String key, String contentType) throws IOException {
    return staged(
        key,
        tmp -> {
          try (OutputStream out = Files.newOutputStream(tmp)) {
            for (String source : sources) {
              Files.copy(resolve(source), out);
            }
          }
        },
        this::commitIfAbsent);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path start =
        resolve(prefix.endsWith("/") ? prefix : prefix.substring(0, prefix.lastIndexOf('/') + 1));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(start)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .map(f -> root.relativize(f).toString())
          .filter(k -> k.startsWith(prefix))
          .toList();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Path p = resolve(key);
    Files.deleteIfExists(p);
    // a bucket has no folders: one emptied by the delete goes too
    for (Path dir = p.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
      try (Stream<Path> left = Files.list(dir)) {
        if (left.findAny().isPresent()) {
          return;
        }
      } catch (java.nio.file.NoSuchFileException e) {
        continue;
      }
      try {
        Files.deleteIfExists(dir);
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        return;
      }
    }
  }

  private interface Writer {
    void write(Path tmp) throws IOException;
  }

  private interface Commit<T> {
    T commit(Path tmp, Path dest) throws IOException;
  }

  /** Writes the content to a temporary file beside {@code key}'s place, then commits it there. */
  private <T> T staged(String key, Writer writer, Commit<T> commit) throws IOException {
    Path dest = resolve(key);
    Path tmp = temp(dest);
    try {
      writer.write(tmp);
      return commit.commit(tmp, dest);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A hard link appears atomically and refuses an existing name: the doesNotExist of a bucket. */
  private Optional<StoredObject> commitIfAbsent(Path tmp, Path dest) throws IOException {
    Checksums written = Checksums.of(tmp);
    try {
      Files.createLink(dest, tmp);
    } catch (FileAlreadyExistsException e) {
      return Optional.empty();
    }
    return Optional.of(new StoredObject(dest.toUri().toString(), written));
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
