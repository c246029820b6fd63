package io.meetrec.recorder.upload;

/** An object as the upload target holds it, with the checksums the target reports. */
public record StoredObject(String uri, Checksums checksums) {

  /**
   * Same bytes: same size and CRC32C, and MD5 where both have one (Cloud Storage keeps none for a
   * composed object).
   */
  public boolean matches(Checksums local) {
    return checksums.size() == local.size()
        && checksums.crc32cBase64().equals(local.crc32cBase64())
        && (checksums.md5Base64() == null
            || local.md5Base64() == null
            || checksums.md5Base64().equals(local.md5Base64()));
  }
}
