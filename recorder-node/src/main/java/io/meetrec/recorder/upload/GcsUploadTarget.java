package io.meetrec.recorder.upload;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Cloud Storage bucket. Files go up with {@link Storage#createFrom}, a resumable upload that
 * survives connection drops inside one attempt; the checksums of the result are what the service
 * computed, so the caller compares them with the local file. A storage that reports no checksums
 * (google-cloud-nio's in-memory {@code LocalStorageHelper}) is read back instead.
 */
public final class GcsUploadTarget implements UploadTarget {

  private static final int PRECONDITION_FAILED = 412;
  private static final int MAX_COMPOSE = 32;

  private final Storage storage;
  private final String bucket;

  public GcsUploadTarget(Storage storage, String bucket) {
    this.storage = storage;
    this.bucket = bucket;
  }

  @Override
  public StoredObject put(String key, Path file, String contentType) throws IOException {
    BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, key)).setContentType(contentType).build();
    try {
      return describe(storage.createFrom(info, file));
    } catch (StorageException e) {
      throw new IOException("upload of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public StoredObject put(String key, byte[] content, String contentType) throws IOException {
    BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, key)).setContentType(contentType).build();
    try {
      return describe(storage.create(info, content));
    } catch (StorageException e) {
      throw new IOException("upload of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredObject> find(String key) throws IOException {
    try {
      Blob blob = storage.get(BlobId.of(bucket, key));
      return blob == null ? Optional.empty() : Optional.of(describe(blob));
    } catch (StorageException e) {
      throw new IOException("lookup of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredObject> createIfAbsent(String key, byte[] content, String contentType)
      throws IOException {
    BlobInfo info =
        BlobInfo.newBuilder(BlobId.of(bucket, key))
            .setContentType(contentType)
            .setCrc32c(Checksums.of(content).crc32cBase64())
            .build();
    try {
      return Optional.of(
          describe(
              storage.createFrom(
                  info,
                  new java.io.ByteArrayInputStream(content),
                  Storage.BlobWriteOption.doesNotExist(),
                  Storage.BlobWriteOption.crc32cMatch())));
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED) {
        return Optional.empty();
      }
      throw new IOException("upload of " + key + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Compose takes at most 32 sources, so longer lists are folded into a working object {@code
   * <key>.composing} 31 at a time (each round conditional on the previous round's generation),
   * which is then composed alone into {@code key} under {@code doesNotExist}: {@code key} is whole
   * or absent.
   */
  @Override
  public Optional<StoredObject> composeIfAbsent(
      List<String> sources, String key, String contentType) throws IOException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("nothing to compose");
    }
    String work = key + ".composing";
    try {
      List<String> first = sources.subList(0, Math.min(MAX_COMPOSE, sources.size()));
      Blob acc = compose(first, work, contentType, null);
      for (int i = first.size(); i < sources.size(); i += MAX_COMPOSE - 1) {
        List<String> round = new ArrayList<>();
        round.add(work);
        round.addAll(sources.subList(i, Math.min(i + MAX_COMPOSE - 1, sources.size())));
        acc = compose(round, work, contentType, acc.getGeneration());
      }
      Blob done;
      try {
        done =
            storage.compose(
                Storage.ComposeRequest.newBuilder()
                    .addSource(work)
                    .setTarget(
                        BlobInfo.newBuilder(BlobId.of(bucket, key))
                            .setContentType(contentType)
                            .build())
                    .setTargetOptions(Storage.BlobTargetOption.doesNotExist())
                    .build());
      } catch (StorageException e) {
        if (e.getCode() == PRECONDITION_FAILED) {
          return Optional.empty();
        }
        throw e;
      } finally {
        storage.delete(BlobId.of(bucket, work));
      }
      return Optional.of(describe(done));
    } catch (StorageException e) {
      throw new IOException("compose of " + key + " failed: " + e.getMessage(), e);
    }
  }

  private Blob compose(List<String> names, String target, String contentType, Long generation) {
    Storage.ComposeRequest.Builder request =
        Storage.ComposeRequest.newBuilder()
            .addSource(names)
            .setTarget(
                BlobInfo.newBuilder(BlobId.of(bucket, target)).setContentType(contentType).build());
    if (generation != null) {
      request.setTargetOptions(Storage.BlobTargetOption.generationMatch(generation));
    }
    return storage.compose(request.build());
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    try {
      List<String> keys = new ArrayList<>();
      for (Blob b : storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
        keys.add(b.getName());
      }
      return keys;
    } catch (StorageException e) {
      throw new IOException("listing of " + prefix + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      storage.delete(BlobId.of(bucket, key));
    } catch (StorageException e) {
      throw new IOException("delete of " + key + " failed: " + e.getMessage(), e);
    }
  }

  private StoredObject describe(Blob blob) throws IOException {
    String uri = "gs://" + bucket + "/" + blob.getName();
    if (blob.getCrc32c() != null && blob.getSize() != null) {
      // a composed object has a CRC32C but no MD5
      return new StoredObject(uri, new Checksums(blob.getSize(), blob.getMd5(), blob.getCrc32c()));
    }
    try (ReadChannel ch = storage.reader(blob.getBlobId());
        InputStream in = Channels.newInputStream(ch)) {
      return new StoredObject(uri, Checksums.of(in));
    }
  }

  @Override
  public String toString() {
    return "GcsUploadTarget[gs://" + bucket + "]";
  }
}
