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
import java.util.Optional;

/**
 * A Cloud Storage bucket. Files go up with {@link Storage#createFrom}, a resumable upload that
 * survives connection drops inside one attempt; the checksums of the result are what the service
 * computed, so the caller compares them with the local file. A storage that reports no checksums
 * (google-cloud-nio's in-memory {@code LocalStorageHelper}) is read back instead.
 */
public final class GcsUploadTarget implements UploadTarget {

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

  private StoredObject describe(Blob blob) throws IOException {
    String uri = "gs://" + bucket + "/" + blob.getName();
    if (blob.getCrc32c() != null && blob.getMd5() != null && blob.getSize() != null) {
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
