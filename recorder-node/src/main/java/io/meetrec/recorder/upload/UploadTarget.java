package io.meetrec.recorder.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where finished recordings are stored, by key ({@code yyyy/mm/dd/<id>/recording.mp4}). Each call
 * is one attempt; {@link Uploader} retries and verifies.
 */
public interface UploadTarget {

  /** Stores the file under {@code key}; the result carries checksums read back from the target. */
  StoredObject put(String key, Path file, String contentType) throws IOException;

  StoredObject put(String key, byte[] content, String contentType) throws IOException;

  /** The object under {@code key}, if one is stored. */
  Optional<StoredObject> find(String key) throws IOException;

  /**
   * Stores {@code content} under {@code key} only if no object is there (Cloud Storage's {@code
   * doesNotExist} precondition), checked against its CRC32C by the target itself; empty when an
   * object was already there, so a retry never overwrites.
   */
  Optional<StoredObject> createIfAbsent(String key, byte[] content, String contentType)
      throws IOException;

  /**
   * Stores the concatenation of {@code sources}, in order, under {@code key} (Cloud Storage's
   * compose) only if no object is there; empty when one was.
   */
  Optional<StoredObject> composeIfAbsent(List<String> sources, String key, String contentType)
      throws IOException;

  /** The keys of the objects under {@code prefix}, in no particular order. */
  List<String> list(String prefix) throws IOException;

  /** Removes the object under {@code key}; nothing there is no error. */
  void delete(String key) throws IOException;
}
