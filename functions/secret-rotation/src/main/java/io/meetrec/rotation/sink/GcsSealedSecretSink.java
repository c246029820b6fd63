package io.meetrec.rotation.sink;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;

/** Writes the manifest as an object of the GitOps bucket that Flux's Bucket source watches. */
public final class GcsSealedSecretSink implements SealedSecretSink {

  private final Storage storage;
  private final String bucket;

  public GcsSealedSecretSink(Storage storage, String bucket) {
    this.storage = storage;
    this.bucket = bucket;
  }

  @Override
  public void write(String objectName, byte[] manifest) {
    storage.create(
        BlobInfo.newBuilder(BlobId.of(bucket, objectName))
            .setContentType("application/yaml")
            .build(),
        manifest);
  }

  @Override
  public boolean exists(String objectName) {
    return storage.get(BlobId.of(bucket, objectName)) != null;
  }
}
