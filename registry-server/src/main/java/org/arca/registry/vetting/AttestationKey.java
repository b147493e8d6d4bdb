package org.arca.registry.vetting;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.arca.registry.config.ArcaConfiguration;

/**
 * Arca's attestation key: an ECDSA P-256 key pair that signs vetting decisions (DSSE, signature over SHA-256, ASN.1
 * DER as cosign writes it). Made once, at first use, in {@code <data-dir>/keys/vetting-attestation.key} (PKCS#8 PEM,
 * mode 600) beside its public key {@code vetting-attestation.pub} (the PEM served at
 * {@code /api/v1/vetting/public-key}). The private key is never logged or served; instances of a cluster share the
 * two files (docs/vetting.md).
 */
@Singleton
class AttestationKey {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  AttestationKey(ArcaConfiguration config) {
    Path directory = config.dataDir().resolve("keys");
    Path privateFile = directory.resolve("vetting-attestation.key");
    Path publicFile = directory.resolve("vetting-attestation.pub");
    try {
      if (!Files.exists(privateFile)) {
        create(directory, privateFile, publicFile);
      }
      KeyFactory factory = KeyFactory.getInstance("EC");
      privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(privateFile))));
      publicKey = factory.generatePublic(new X509EncodedKeySpec(pem(Files.readString(publicFile))));
    } catch (IOException e) {
      throw new UncheckedIOException("read or make the vetting attestation key in " + directory, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the vetting attestation key in " + directory + " is not an EC key", e);
    }
  }

  private static void create(Path directory, Path privateFile, Path publicFile)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(directory);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Path publicTemp = Files.createTempFile(directory, "vetting-attestation", ".pub.tmp");
    Files.writeString(publicTemp, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Files.move(publicTemp, publicFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    // written to a file that only the owner may read from its creation; the private file appears last and whole
    Path privateTemp = Files.createTempFile(directory, "vetting-attestation", ".key.tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(privateTemp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    try {
      Files.move(privateTemp, privateFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.delete(privateTemp); // another instance on this data directory made one first
    }
  }

  /** Signs {@code message} (a DSSE pre-authentication encoding). */
  byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(privateKey);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sign a vetting attestation", e);
    }
  }

  /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
  String publicKeyPem() {
    return pem("PUBLIC KEY", publicKey.getEncoded());
  }

  /** The key id in signatures: the SHA-256 of the public key's DER encoding, in hex. */
  String keyId() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static byte[] pem(String text) {
    return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
  }
}
