package org.arca.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}. Only the algorithms the image spec registers are accepted, so a digest
 * that exists is one the registry can verify.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests">digests</a>
 */
public record Digest(String algorithm, String hex) implements Reference {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");
  /** The grammar's algorithm component, used only to tell "unsupported" from "malformed" in messages. */
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");

  public Digest {
    if (algorithm == null || hex == null) {
      throw new RegistryException(OciError.DIGEST_INVALID, "invalid digest: missing algorithm or hex");
    }
    Pattern encoded = switch (algorithm) {
      case "sha256" -> SHA256;
      case "sha512" -> SHA512;
      default -> throw new RegistryException(OciError.DIGEST_INVALID,
          ALGORITHM.matcher(algorithm).matches()
              ? "unsupported digest algorithm " + shorten(algorithm) + " (sha256 and sha512 are supported)"
              : "invalid digest algorithm " + shorten(algorithm));
    };
    if (!encoded.matcher(hex).matches()) {
      throw new RegistryException(OciError.DIGEST_INVALID,
          "invalid " + algorithm + " digest " + shorten(hex) + ": expected " + (encoded == SHA256 ? 64 : 128)
              + " lower-case hex characters");
    }
  }

  /** Parses {@code algorithm:hex}; throws {@link OciError#DIGEST_INVALID} for anything else. */
  public static Digest parse(String text) {
    if (text == null) {
      throw new RegistryException(OciError.DIGEST_INVALID, "missing digest");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new RegistryException(OciError.DIGEST_INVALID, "invalid digest " + shorten(text) + ": expected algorithm:hex");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** Whether {@code text} looks like a digest (has an algorithm prefix), as opposed to a tag. */
  public static boolean looksLikeDigest(String text) {
    return text.indexOf(':') > 0;
  }

  /** The SHA-256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return of(newMessageDigest("sha256").digest(bytes), "sha256");
  }

  /** The digest that {@code finished} computed; {@code algorithm} names it. */
  public static Digest of(byte[] finished, String algorithm) {
    return new Digest(algorithm, HexFormat.of().formatHex(finished));
  }

  /** A fresh hasher for this digest's algorithm. */
  public MessageDigest newHasher() {
    return newMessageDigest(algorithm);
  }

  /** A fresh hasher for {@code algorithm} (sha256 or sha512). */
  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(switch (algorithm) {
        case "sha256" -> "SHA-256";
        case "sha512" -> "SHA-512";
        default -> throw new RegistryException(OciError.DIGEST_INVALID, "unsupported digest algorithm " + algorithm);
      });
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /** The first 12 hex characters, for log lines and messages. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  static String shorten(String text) {
    return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "…'";
  }
}
