package org.arca.core.registry;

import java.util.Optional;

/**
 * How the account behind a name (the one that pushed an image) wants to be credited: its display name and ORCID iD.
 * DOI records and citations name the people responsible for an image, and an account name such as {@code alice} is
 * not a name one cites. The server implements it over its accounts; a robot ({@code namespace+robot}) is credited as
 * the namespace that owns it.
 */
public interface AccountProfiles {

  /** The profile of the account {@code name}, or empty when no such account is known. */
  Optional<AccountProfile> profile(String name);

  /**
   * What an account says about who it is.
   *
   * @param name the account (and namespace) name
   * @param displayName the name it wants to be known by, or null when it gave none
   * @param orcid its ORCID iD ({@code 0000-0002-1825-0097}), or null
   * @param organization whether the account is an organisation rather than a person
   */
  record AccountProfile(String name, String displayName, String orcid, boolean organization) {

    public AccountProfile {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("an account profile needs the account's name");
      }
      displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
      orcid = orcid == null || orcid.isBlank() ? null : orcid.strip();
    }
  }
}
