package org.arca.registry.vetting;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.arca.registry.auth.SigningKeyStore;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.metadata.Database;

/**
 * Arca's attestation key: an ECDSA P-256 key pair that signs vetting decisions (DSSE, signature over SHA-256, ASN.1
 * DER as cosign writes it). Kept in the database's {@code signing_key} table (purpose {@value #PURPOSE}), so every
 * instance of a cluster signs with the same key; made once, at first start, by whichever instance gets there first.
 * Installs from before the table kept it in {@code <data-dir>/keys/vetting-attestation.key} (PKCS#8 PEM) beside
 * {@code vetting-attestation.pub}: those files are imported when the table has no key yet, so attestations already
 * signed still verify. The public key is served at {@code /api/v1/vetting/public-key}; the private key is never
 * logged or served.
 */
@Singleton
class AttestationKey {
  static final String PURPOSE = "vetting-attestation";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  AttestationKey(ArcaConfiguration config, Database database, SigningKeyStore store, Clock clock) {
    Path directory = config.dataDir().resolve("keys");
    ECKey key = database.read(c -> store.newest(c, PURPOSE)).map(SigningKeyStore.Row::key).orElseGet(() -> {
      ECKey candidate = fromFiles(directory).orElseGet(AttestationKey::generate);
      // instances starting at once race on generation 1: the losers run this again and read the winner's key
      return database.write(c -> {
        var stored = store.newest(c, PURPOSE);
        if (stored.isPresent()) {
          return stored.get().key();
        }
        store.insert(c, PURPOSE, 1, candidate, clock.instant());
        return candidate;
      });
    });
    try {
      privateKey = key.toECPrivateKey();
      publicKey = key.toECPublicKey();
    } catch (JOSEException e) {
      throw new IllegalStateException("the vetting attestation key " + key.getKeyID() + " is not a P-256 key pair");
    }
  }

  /** The key pair of an install from before keys were kept in the database, if its files are there. */
  private static Optional<ECKey> fromFiles(Path directory) {
    Path privateFile = directory.resolve("vetting-attestation.key");
    Path publicFile = directory.resolve("vetting-attestation.pub");
    if (!Files.exists(privateFile)) {
      return Optional.empty();
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(privateFile))));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(pem(Files.readString(publicFile))));
      return Optional.of(jwk(new KeyPair(publicKey, privateKey)));
    } catch (IOException e) {
      throw new UncheckedIOException("read the vetting attestation key in " + directory, e);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException("the vetting attestation key in " + directory + " is not an EC key");
    }
  }

  private static ECKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return jwk(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("make a P-256 key pair", e);
    }
  }

  private static ECKey jwk(KeyPair pair) {
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).privateKey((ECPrivateKey) pair.getPrivate())
        .keyID(keyId(pair.getPublic())).build();
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
    return keyId(publicKey);
  }

  private static String keyId(PublicKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
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
