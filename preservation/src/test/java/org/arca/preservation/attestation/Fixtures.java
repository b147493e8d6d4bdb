package org.arca.preservation.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Hand-written attestation fixtures and a Fulcio-like signing certificate (made once with keytool). */
final class Fixtures {
  static final String WORKFLOW_IDENTITY =
      "https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.4.0";
  static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

  private Fixtures() {}

  static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/attestation/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource attestation/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KeyStore.PrivateKeyEntry signer() {
    try (InputStream in = Fixtures.class.getResourceAsStream("/attestation/fulcio-like-signer.p12")) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, "testpass".toCharArray());
      return (KeyStore.PrivateKeyEntry) store.getEntry("signer",
          new KeyStore.PasswordProtection("testpass".toCharArray()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the test signer", e);
    }
  }

  static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Sigstore bundle v0.3 over {@code statement}, signed by the test signer, shaped as cosign writes it. */
  static byte[] bundle(byte[] statement, boolean tamper) {
    KeyStore.PrivateKeyEntry signer = signer();
    DsseEnvelope envelope = new DsseEnvelope(InTotoStatement.MEDIA_TYPE, statement, java.util.List.of());
    byte[] sig = sign(signer.getPrivateKey(), envelope.preAuthenticationEncoding());
    byte[] payload = tamper ? new String(statement, StandardCharsets.UTF_8).replace("v1.4.0", "v1.4.1")
        .getBytes(StandardCharsets.UTF_8) : statement;
    try {
      String cert = Base64.getEncoder().encodeToString(((X509Certificate) signer.getCertificate()).getEncoded());
      return ("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
          + "\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\"" + cert + "\"},"
          + "\"tlogEntries\":[{\"logIndex\":\"151287453\",\"logId\":{\"keyId\":\"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=\"},"
          + "\"kindVersion\":{\"kind\":\"dsse\",\"version\":\"0.0.1\"},\"integratedTime\":\"1763979413\"}]},"
          + "\"dsseEnvelope\":{\"payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\","
          + "\"payloadType\":\"application/vnd.in-toto+json\","
          + "\"signatures\":[{\"sig\":\"" + Base64.getEncoder().encodeToString(sig) + "\"}]}}")
          .getBytes(StandardCharsets.UTF_8);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String certificatePem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(((X509Certificate) signer().getCertificate()).getEncoded()) + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
