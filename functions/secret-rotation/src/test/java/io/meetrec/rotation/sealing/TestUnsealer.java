package io.meetrec.rotation.sealing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The controller's side of the format, written from its description (not from {@link
 * HybridSealer}): {@code uint16 BE len || RSA-OAEP(SHA-256, MGF1-SHA-256, label)(AES key) ||
 * AES-256-GCM(zero nonce)(value)}.
 */
public final class TestUnsealer {

  private final PrivateKey key;

  private TestUnsealer(PrivateKey key) {
    this.key = key;
  }

  /** The throwaway controller key copied from ../shared/sealed-secrets (PKCS#1 PEM). */
  public static TestUnsealer fromResource(String resource) throws IOException {
    try (InputStream in = TestUnsealer.class.getResourceAsStream(resource);
        PEMParser pem = new PEMParser(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      PEMKeyPair pair = (PEMKeyPair) pem.readObject();
      return new TestUnsealer(new JcaPEMKeyConverter().getKeyPair(pair).getPrivate());
    }
  }

  public byte[] unseal(byte[] sealed, byte[] label) throws GeneralSecurityException {
    ByteBuffer buf = ByteBuffer.wrap(sealed);
    int rsaLength = Short.toUnsignedInt(buf.getShort());
    byte[] wrapped = new byte[rsaLength];
    buf.get(wrapped);
    byte[] rest = new byte[buf.remaining()];
    buf.get(rest);

    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(
        Cipher.DECRYPT_MODE,
        key,
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label)));
    byte[] aesKey = rsa.doFinal(wrapped);

    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(aesKey, "AES"),
        new GCMParameterSpec(128, new byte[12]));
    return aes.doFinal(rest);
  }
}
