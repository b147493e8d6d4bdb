package org.arca.converter;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The output of {@code unsquashfs -lln}, parsed: one line per path with type, mode, owner, size or device. */
public final class SquashfsListing {
  /** One listed path; {@code sizeOrDevice} is the size, or {@code major,minor} for devices. */
  public record Line(char type, int mode, int uid, int gid, String sizeOrDevice, String target) {}

  private static final Pattern LINE = Pattern.compile(
      "^(\\S{10}) (\\d+)/(\\d+)\\s+(\\d+|\\d+,\\s*\\d+) \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} squashfs-root(.*)$");

  private SquashfsListing() {}

  public static SortedMap<String, Line> parse(String output) {
    SortedMap<String, Line> lines = new TreeMap<>();
    for (String text : output.split("\n")) {
      Matcher m = LINE.matcher(text);
      if (!m.matches()) {
        continue;
      }
      String perms = m.group(1);
      String path = m.group(5);
      String target = null;
      if (perms.charAt(0) == 'l') {
        int arrow = path.indexOf(" -> ");
        target = path.substring(arrow + 4);
        path = path.substring(0, arrow);
      }
      lines.put(path.isEmpty() ? "/" : path, new Line(perms.charAt(0) == '-' ? 'f' : perms.charAt(0),
          mode(perms), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          m.group(4).replaceAll("\\s", ""), target));
    }
    return lines;
  }

  /** Permission bits of an {@code ls -l} mode string, with setuid, setgid and sticky. */
  static int mode(String perms) {
    int mode = 0;
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      char c = perms.charAt(i + 1);
      if (c == rwx.charAt(i) || ((i == 2 || i == 5) && c == 's') || (i == 8 && c == 't')) {
        mode |= 1 << (8 - i);
      }
    }
    if (perms.charAt(3) == 's' || perms.charAt(3) == 'S') {
      mode |= 04000;
    }
    if (perms.charAt(6) == 's' || perms.charAt(6) == 'S') {
      mode |= 02000;
    }
    if (perms.charAt(9) == 't' || perms.charAt(9) == 'T') {
      mode |= 01000;
    }
    return mode;
  }
}
