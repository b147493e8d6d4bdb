package org.arca.registry.account;

import java.util.Set;
import java.util.regex.Pattern;
import org.arca.core.Actors;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/** Rules for account, robot and contact values, checked before anything is stored. */
final class Names {
  /** A name is one repository path component, so it can be a namespace. */
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
  private static final Pattern ROBOT = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
  private static final Pattern ORCID = Pattern.compile("\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  /** Names the registry's own paths and views use. */
  private static final Set<String> RESERVED = Set.of("sif", "anonymous", "v2", "api", "auth", "health", "doi", "cite",
      Actors.CONVERTER, Actors.PRESERVATION, Actors.VETTING, "arca-import", "arca");

  private Names() {}

  static String account(String name) {
    if (name == null || name.length() > 64 || !ACCOUNT.matcher(name).matches()) {
      throw invalid("invalid account name '" + name + "': 1 to 64 lower-case letters and digits, joined by '.', '_',"
          + " '__' or '-'");
    }
    if (RESERVED.contains(name)) {
      throw invalid("the name '" + name + "' is reserved");
    }
    return name;
  }

  static String robot(String name) {
    if (name == null || name.length() > 64 || !ROBOT.matcher(name).matches()) {
      throw invalid("invalid robot name '" + name + "': lower-case letters and digits, joined by '.', '_' or '-'");
    }
    return name;
  }

  static String password(String password) {
    if (password == null || password.length() < 10 || password.length() > 200) {
      throw invalid("a password has 10 to 200 characters");
    }
    return password;
  }

  static String orcid(String orcid) {
    if (orcid == null || orcid.isBlank()) {
      return null;
    }
    String id = orcid.trim().replaceFirst("^https?://orcid\\.org/", "");
    if (!ORCID.matcher(id).matches() || checkDigit(id) != id.charAt(18)) {
      throw invalid("invalid ORCID iD '" + orcid + "': expected 0000-0000-0000-000X with a valid check digit");
    }
    return id;
  }

  static String email(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    if (email.length() > 320 || !EMAIL.matcher(email.trim()).matches()) {
      throw invalid("invalid e-mail address '" + email + "'");
    }
    return email.trim();
  }

  /** Free text (a display name, a description), which the database keeps up to {@code max} characters. */
  static String text(String value, String what, int max) {
    if (value != null && value.length() > max) {
      throw invalid(what + " has at most " + max + " characters, not " + value.length());
    }
    return value;
  }

  /** ISO 7064 MOD 11-2, as ORCID computes its last character. */
  private static char checkDigit(String id) {
    int total = 0;
    for (char ch : id.substring(0, 18).toCharArray()) {
      if (Character.isDigit(ch)) {
        total = (total + (ch - '0')) * 2;
      }
    }
    int result = (12 - total % 11) % 11;
    return result == 10 ? 'X' : (char) ('0' + result);
  }

  static RegistryException invalid(String message) {
    return new RegistryException(OciError.UNSUPPORTED, message).withStatus(400);
  }
}
