package org.arca.registry.quota;

import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/** The jar's {@code quota} commands: show, set and remove a namespace's quota, on the server's database. */
public final class QuotaCommands {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b|bytes)?");

  private QuotaCommands() {}

  public static int show(ApplicationContext context, String namespace, PrintWriter out) {
    print(context.getBean(NamespaceQuotas.class).view(namespace), out);
    return 0;
  }

  public static int set(ApplicationContext context, String namespace, String warning, String reject, String by,
      PrintWriter out) {
    print(context.getBean(NamespaceQuotas.class).set(namespace, size(warning), size(reject), by), out);
    return 0;
  }

  public static int remove(ApplicationContext context, String namespace, PrintWriter out) {
    boolean removed = context.getBean(NamespaceQuotas.class).remove(namespace);
    out.println(removed ? "removed the quota of " + namespace : namespace + " had no quota");
    return 0;
  }

  private static void print(QuotaView view, PrintWriter out) {
    out.println(view.namespace() + ": " + NamespaceQuotas.bytes(view.usedBytes()) + " used ("
        + NamespaceQuotas.bytes(view.uniqueBytes()) + " unique, " + NamespaceQuotas.bytes(view.sharedBytes())
        + " shared with other namespaces)");
    out.println("warning at " + (view.warningBytes() == null ? "-" : NamespaceQuotas.bytes(view.warningBytes()))
        + ", reject at " + (view.rejectBytes() == null ? "-" : NamespaceQuotas.bytes(view.rejectBytes()))
        + "; state " + view.state());
  }

  /** {@code 10GiB}, {@code 500MB}, {@code 1.5g}, {@code 1048576}: units are powers of 1024. Null stays null. */
  static Long size(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new RegistryException(OciError.UNSUPPORTED, "'" + text + "' is not a size: write e.g. 10GiB, 500MiB or"
          + " a number of bytes").withStatus(400);
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    int power = switch (unit.charAt(0)) {
      case 'k' -> 1;
      case 'm' -> 2;
      case 'g' -> 3;
      case 't' -> 4;
      default -> 0;
    };
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
  }
}
