package org.arca.registry.account;

import java.util.Locale;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/**
 * A member's role in an organization: readers pull its private repositories, writers also push, owners also delete
 * and manage members, robots and visibility.
 */
public enum OrgRole {
  READER, WRITER, OWNER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OrgRole parse(String text) {
    if (text != null) {
      for (OrgRole r : values()) {
        if (r.wireName().equalsIgnoreCase(text.trim())) {
          return r;
        }
      }
    }
    throw new RegistryException(OciError.UNSUPPORTED, "unknown organization role '" + text
        + "': reader, writer or owner").withStatus(400);
  }
}
