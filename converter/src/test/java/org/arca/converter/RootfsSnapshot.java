package org.arca.converter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a test compares about an unpacked root filesystem, per path: type, permission bits, owner, size, symlink
 * target, device numbers, content digest, hard-link partners and extended attributes (read with getfattr, since Java
 * sees only {@code user.*}).
 */
public final class RootfsSnapshot {
  /** Facts about one path; {@code links} lists every path of the same inode (regular files), sorted. */
  public record Facts(char type, int mode, int uid, int gid, long size, String target, String device,
      String sha256, List<String> links, SortedMap<String, String> xattrs) {}

  private final SortedMap<String, Facts> entries;

  private RootfsSnapshot(SortedMap<String, Facts> entries) {
    this.entries = entries;
  }

  public SortedMap<String, Facts> entries() {
    return entries;
  }

  /** Reads the tree below {@code root}; paths are relative, {@code /}-separated, the root itself is "/". */
  public static RootfsSnapshot of(Path root) throws IOException {
    Map<Object, List<String>> inodes = new HashMap<>();
    SortedMap<String, Object[]> raw = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String name = "/" + root.relativize(path).toString();
        Map<String, Object> attributes = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attributes.get("mode");
        char type = switch (mode & 0170000) {
          case 0040000 -> 'd';
          case 0100000 -> 'f';
          case 0120000 -> 'l';
          case 0020000 -> 'c';
          case 0060000 -> 'b';
          case 0010000 -> 'p';
          default -> '?';
        };
        if (type == 'f') {
          inodes.computeIfAbsent(attributes.get("ino"), ino -> new ArrayList<>()).add(name);
        }
        raw.put(name, new Object[] {path, type, attributes});
      }
    }
    Map<String, SortedMap<String, String>> xattrs = xattrs(root);
    SortedMap<String, Facts> entries = new TreeMap<>();
    for (Map.Entry<String, Object[]> entry : raw.entrySet()) {
      Path path = (Path) entry.getValue()[0];
      char type = (Character) entry.getValue()[1];
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = (Map<String, Object>) entry.getValue()[2];
      int mode = (Integer) attributes.get("mode") & 07777;
      long rdev = (Long) attributes.get("rdev");
      String device = type == 'c' || type == 'b' ? major(rdev) + "," + minor(rdev) : null;
      long size = type == 'f' || type == 'l' ? (Long) attributes.get("size") : 0;
      String target = type == 'l' ? Files.readSymbolicLink(path).toString() : null;
      List<String> links = type == 'f' ? List.copyOf(inodes.get(attributes.get("ino"))) : List.of();
      entries.put(entry.getKey(), new Facts(type, type == 'l' ? 0777 : mode, (Integer) attributes.get("uid"),
          (Integer) attributes.get("gid"), size, target, device, type == 'f' ? sha256(path) : null,
          links.size() > 1 ? links.stream().sorted().toList() : List.of(),
          xattrs.getOrDefault(entry.getKey(), new TreeMap<>())));
    }
    return new RootfsSnapshot(entries);
  }

  private static Map<String, SortedMap<String, String>> xattrs(Path root) throws IOException {
    Tools.Result result = Tools.runAllowingFailure("getfattr", "-R", "-P", "-h", "-d", "-m", "-", "-e", "hex",
        "--absolute-names", root.toString());
    Map<String, SortedMap<String, String>> all = new HashMap<>();
    SortedMap<String, String> current = null;
    for (String line : result.stdout().split("\n")) {
      if (line.startsWith("# file: ")) {
        String path = line.substring("# file: ".length());
        String relative = "/" + root.relativize(Path.of(path)).toString();
        current = new TreeMap<>();
        all.put(relative, current);
      } else if (current != null && line.contains("=")) {
        int equals = line.indexOf('=');
        current.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return all;
  }

  private static long major(long rdev) {
    return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
  }

  private static long minor(long rdev) {
    return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
