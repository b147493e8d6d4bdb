package org.arca.registry.auth;

import java.util.Locale;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/**
 * A user's role in the whole archive. Researchers push to their own namespace and to organizations that let them;
 * curators may also read and curate every repository (vetting, retention, DOI approval); admins may do everything,
 * including managing accounts.
 */
public enum Role {
  RESEARCHER, CURATOR, ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return role;
      }
    }
    throw new RegistryException(OciError.UNSUPPORTED, "unknown role '" + text + "': researcher, curator or admin")
        .withStatus(400);
  }
}
