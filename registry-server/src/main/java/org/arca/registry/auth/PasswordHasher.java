package org.arca.registry.auth;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Hashes passwords with bcrypt, and robot tokens (random, high-entropy secrets) with SHA-256. */
@Singleton
public class PasswordHasher {
  private final SecureRandom random = new SecureRandom();
  private final int cost;
  /** A hash of no one's password, at the configured cost, made when first needed. */
  private volatile String unknownUserHash;

  public PasswordHasher(AuthConfiguration config) {
    this.cost = config.bcryptCost();
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, cost);
  }

  public boolean matches(String password, String hash) {
    if (hash == null || password == null) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (IllegalArgumentException malformedHash) {
      return false;
    }
  }

  /**
   * Spends the work of {@link #matches} on a login that has no account to match (an unknown or disabled user): it
   * must take as long as a wrong password, or the time of the answer tells which user names exist.
   */
  public void checkWithoutAccount(String password) {
    String hash = unknownUserHash;
    if (hash == null) {
      hash = hash(newPassword());
      unknownUserHash = hash;
    }
    matches(password == null ? "" : password, hash);
  }

  /** A new secret for a robot: 32 random bytes, shown once to whoever creates the robot. */
  public String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "arca_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A random password of 24 characters, for the first admin account. */
  public String newPassword() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Robot tokens carry 256 bits of entropy, so a fast hash suffices and keeps token checks cheap. */
  public static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
