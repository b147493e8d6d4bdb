package org.arca.registry.account;

import java.util.Locale;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/** Whether anyone may pull a repository, or only those granted access. */
public enum Visibility {
  PUBLIC, PRIVATE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Visibility parse(String text) {
    if (text != null) {
      for (Visibility v : values()) {
        if (v.wireName().equalsIgnoreCase(text.trim())) {
          return v;
        }
      }
    }
    throw new RegistryException(OciError.UNSUPPORTED, "unknown visibility '" + text + "': public or private")
        .withStatus(400);
  }
}
