package io.meetrec.rotation.sink;

/** Where a SealedSecret manifest is published for the GitOps sync. */
public interface SealedSecretSink {

  void write(String objectName, byte[] manifest);

  boolean exists(String objectName);
}
