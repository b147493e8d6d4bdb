package org.arca.preservation.attestation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Reads signer identities from Sigstore (Fulcio) certificates: the subject alternative name (e-mail or workload URI)
 * and Fulcio's extensions for the OIDC issuer and the source repository.
 *
 * @see <a href="https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md">Fulcio OID extensions</a>
 */
final class Certificates {
  /** Deprecated issuer extension: the value is the raw string. */
  private static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
  /** Issuer extension: a DER UTF8String. */
  private static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
  private static final String SOURCE_REPOSITORY_URI = "1.3.6.1.4.1.57264.1.12";

  private Certificates() {}

  static X509Certificate fromDer(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new AttestationException("signing certificate is not a valid X.509 certificate", e);
    }
  }

  static X509Certificate fromPem(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
    try {
      return fromDer(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new AttestationException("signing certificate PEM is not base64", e);
    }
  }

  /** The signer that {@code certificate} names; {@code verified} says whether the signature checked out. */
  static Signer signer(X509Certificate certificate, boolean verified) {
    String issuer = extension(certificate, ISSUER_V2, true);
    if (issuer == null) {
      issuer = extension(certificate, ISSUER_V1, false);
    }
    return new Signer(identity(certificate), issuer, extension(certificate, SOURCE_REPOSITORY_URI, true), verified);
  }

  private static String identity(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          int type = (Integer) name.get(0);
          if (type == 1 || type == 6) { // rfc822Name, uniformResourceIdentifier
            return (String) name.get(1);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // fall back to the subject below
    }
    return certificate.getSubjectX500Principal().getName();
  }

  /** The extension's value as text; {@code der} when it is a DER string, else raw bytes. */
  private static String extension(X509Certificate certificate, String oid, boolean der) {
    byte[] wrapped = certificate.getExtensionValue(oid);
    if (wrapped == null) {
      return null;
    }
    byte[] value = unwrap(wrapped); // getExtensionValue wraps the extnValue in an OCTET STRING
    if (der) {
      value = unwrap(value);
    }
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** The content of one DER TLV (short or long length form). */
  private static byte[] unwrap(byte[] tlv) {
    if (tlv == null || tlv.length < 2) {
      return null;
    }
    int length = tlv[1] & 0xff;
    int offset = 2;
    if (length > 0x7f) {
      int count = length & 0x7f;
      length = 0;
      for (int i = 0; i < count; i++) {
        length = (length << 8) | (tlv[2 + i] & 0xff);
      }
      offset = 2 + count;
    }
    if (offset + length > tlv.length) {
      return null;
    }
    byte[] content = new byte[length];
    System.arraycopy(tlv, offset, content, 0, length);
    return content;
  }
}
