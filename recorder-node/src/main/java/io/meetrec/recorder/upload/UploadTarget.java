package io.meetrec.recorder.upload;

import java.io.IOException;
import java.nio.file.Path;
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
}
