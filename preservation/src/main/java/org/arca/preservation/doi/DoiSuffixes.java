package org.arca.preservation.doi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * DOI suffixes in DataCite's style: Crockford base32 (no I, L, O or U, so nothing is misread), lower case, in groups
 * of four joined by {@code -}, ending in a mod 97-10 check number (ISO 7064) so a mistyped DOI is caught before it is
 * looked up. Unlike DataCite's random suffixes these are derived from what they name, so minting again for the same
 * image asks for the same DOI: an image version's suffix comes from {@code sha256(repository@digest)}, a concept's
 * from {@code sha256("concept:" + repository)}. 50 bits make a collision unlikely below tens of millions of
 * images; {@link #forImage} with a higher {@code attempt} yields a longer suffix for the rare clash.
 *
 * @see <a href="https://www.crockford.com/base32.html">Crockford base32</a>
 */
public final class DoiSuffixes {
  private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final int BITS = 50;

  private DoiSuffixes() {}

  /** The suffix of an image version; {@code attempt} 0 first, then 1, 2 ... each 10 bits longer, on collision. */
  public static String forImage(RepositoryName repository, Digest digest, int attempt) {
    return encode(hash(repository + "@" + digest), BITS + 10 * attempt);
  }

  /** The suffix of the concept DOI of a repository. */
  public static String forConcept(RepositoryName repository, int attempt) {
    return encode(hash("concept:" + repository), BITS + 10 * attempt);
  }

  /** Whether {@code suffix} is one of ours with an intact check number. */
  public static boolean isValid(String suffix) {
    String compact = suffix.toLowerCase(Locale.ROOT).replace("-", "");
    if (compact.length() < 3) {
      return false;
    }
    BigInteger value = BigInteger.ZERO;
    for (char c : compact.toCharArray()) {
      int digit = ALPHABET.indexOf(normalise(c));
      if (digit < 0) {
        return false;
      }
      value = value.shiftLeft(5).add(BigInteger.valueOf(digit));
    }
    return value.mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  static String encode(byte[] hash, int bits) {
    BigInteger number = new BigInteger(1, hash).shiftRight(hash.length * 8 - bits);
    // ISO 7064 mod 97-10: appending c makes number*100 + c ≡ 1 (mod 97)
    int check = 98 - number.multiply(BigInteger.valueOf(100)).mod(BigInteger.valueOf(97)).intValue();
    BigInteger value = number.multiply(BigInteger.valueOf(100)).add(BigInteger.valueOf(check));
    StringBuilder digits = new StringBuilder();
    while (value.signum() > 0) {
      digits.append(ALPHABET.charAt(value.intValue() & 31));
      value = value.shiftRight(5);
    }
    while (digits.length() % 4 != 0) {
      digits.append('0');
    }
    digits.reverse();
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 4) {
      if (i > 0) {
        grouped.append('-');
      }
      grouped.append(digits, i, i + 4);
    }
    return grouped.toString();
  }

  /** Crockford's reading rules: I and L are 1, O is 0. */
  private static char normalise(char c) {
    return switch (c) {
      case 'i', 'l' -> '1';
      case 'o' -> '0';
      default -> c;
    };
  }

  private static byte[] hash(String text) {
    MessageDigest sha = Digest.newMessageDigest("sha256");
    return sha.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
