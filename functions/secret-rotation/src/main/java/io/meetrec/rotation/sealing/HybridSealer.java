package io.meetrec.rotation.sealing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals values the way the Sealed Secrets controller unseals them: a fresh AES-256 key per value,
 * wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256, the scope's label) under the controller's public
 * key, followed by the value under AES-256-GCM. Output: {@code uint16 BE length of the wrapped key
 * || wrapped key || GCM ciphertext with tag}.
 *
 * <p>The GCM nonce is all zeros, as the controller expects; that is safe only because every value
 * gets its own key.
 */
public final class HybridSealer {

  static final int SESSION_KEY_BYTES = 32;
  static final int GCM_TAG_BITS = 128;
  static final int GCM_NONCE_BYTES = 12;

  private final RSAPublicKey publicKey;
  private final SecureRandom random = new SecureRandom();

  public HybridSealer(PublicKey publicKey) {
    if (!(publicKey instanceof RSAPublicKey rsa)) {
      throw new IllegalArgumentException("the controller certificate must hold an RSA key");
    }
    this.publicKey = rsa;
  }

  /** Reads the controller's PEM certificate, as {@code kubeseal --fetch-cert} prints it. */
  public static HybridSealer fromCertificate(byte[] pem) {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem));
      return new HybridSealer(cert.getPublicKey());
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a PEM X.509 certificate: " + e.getMessage(), e);
    }
  }

  public static HybridSealer fromCertificateFile(Path pem) throws IOException {
    return fromCertificate(Files.readAllBytes(pem));
  }

  public byte[] seal(byte[] plaintext, byte[] label) {
    try {
      byte[] sessionKey = new byte[SESSION_KEY_BYTES];
      random.nextBytes(sessionKey);

      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, publicKey, oaep(label), random);
      byte[] wrappedKey = rsa.doFinal(sessionKey);

      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(sessionKey, "AES"),
          new GCMParameterSpec(GCM_TAG_BITS, new byte[GCM_NONCE_BYTES]));
      byte[] sealedValue = aes.doFinal(plaintext);

      return ByteBuffer.allocate(2 + wrappedKey.length + sealedValue.length)
          .putShort((short) wrappedKey.length)
          .put(wrappedKey)
          .put(sealedValue)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
    }
  }

  /** The OAEP parameters both sides must agree on; Java's default MGF1 digest (SHA-1) is wrong. */
  public static OAEPParameterSpec oaep(byte[] label) {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label));
  }
}
