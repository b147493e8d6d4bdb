package org.arca.registry.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.arca.core.Digest;
import org.arca.core.image.OciJson;

/**
 * What one layer holds: its diffID (the digest of its uncompressed tar) and its entries, read once when a block is
 * registered so that composing never reads a layer again. Whiteouts are kept as entries of their own type, so a
 * composition sees which files a layer removes.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md#whiteouts">whiteouts</a>
 */
record LayerFiles(Digest diffId, List<Entry> entries) {
  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  /** One entry: its path (relative, without a leading {@code ./}), type, size and content. */
  record Entry(String path, Type type, long size, String content) {
    /** Whether {@code other} puts the same thing at the same path (no conflict). */
    boolean sameAs(Entry other) {
      return type == other.type && size == other.size && content.equals(other.content);
    }

    /** The path a whiteout removes (for an opaque whiteout, the directory whose earlier contents it hides). */
    String removed() {
      int slash = path.lastIndexOf('/');
      String directory = slash < 0 ? "" : path.substring(0, slash + 1);
      String name = path.substring(slash + 1);
      return type == Type.OPAQUE ? stripSlash(directory) : directory + name.substring(WHITEOUT_PREFIX.length());
    }
  }

  /** Entry types; {@code content} is a regular file's sha256, a link's target, empty otherwise. */
  enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, WHITEOUT, OPAQUE, OTHER }

  long unpackedSize() {
    return entries.stream().filter(e -> e.type == Type.FILE).mapToLong(Entry::size).sum();
  }

  /** Reads an uncompressed layer tar to its end (the diffID covers every byte, padding included). */
  static LayerFiles read(InputStream tar) throws IOException {
    MessageDigest whole = Digest.newMessageDigest("sha256");
    DigestInputStream counted = new DigestInputStream(tar, whole);
    List<Entry> entries = new ArrayList<>();
    // Not closed: closing would close the caller's stream before the rest of it is hashed.
    TarArchiveInputStream archive = new TarArchiveInputStream(counted);
    TarArchiveEntry entry;
    while ((entry = archive.getNextEntry()) != null) {
      entries.add(entry(archive, entry));
    }
    counted.transferTo(OutputStream.nullOutputStream());
    return new LayerFiles(Digest.of(whole.digest(), "sha256"), List.copyOf(entries));
  }

  private static Entry entry(TarArchiveInputStream archive, TarArchiveEntry entry) throws IOException {
    String path = normalize(entry.getName());
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.equals(OPAQUE)) {
      return new Entry(path, Type.OPAQUE, 0, "");
    }
    if (name.startsWith(WHITEOUT_PREFIX)) {
      return new Entry(path, Type.WHITEOUT, 0, "");
    }
    if (entry.isSymbolicLink()) {
      return new Entry(path, Type.SYMLINK, 0, entry.getLinkName());
    }
    if (entry.isLink()) {
      return new Entry(path, Type.HARDLINK, 0, normalize(entry.getLinkName()));
    }
    if (entry.isDirectory()) {
      return new Entry(path, Type.DIRECTORY, 0, "");
    }
    if (entry.isFile()) {
      MessageDigest hash = Digest.newMessageDigest("sha256");
      byte[] buffer = new byte[64 * 1024];
      long size = 0;
      for (int n; (n = archive.read(buffer)) > 0; size += n) {
        hash.update(buffer, 0, n);
      }
      return new Entry(path, Type.FILE, size, HexFormat.of().formatHex(hash.digest()));
    }
    return new Entry(path, Type.OTHER, 0, "");
  }

  /** {@code ./usr/bin/} and {@code /usr/bin} are both {@code usr/bin}. */
  static String normalize(String name) {
    String path = name;
    while (path.startsWith("./") || path.startsWith("/")) {
      path = path.substring(path.startsWith("/") ? 1 : 2);
    }
    return stripSlash(path);
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** The entries as stored: gzip-compressed JSON, one array per entry. */
  byte[] encodeEntries() {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    for (Entry e : entries) {
      list.addArray().add(e.path).add(e.type.name()).add(e.size).add(e.content);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(OciJson.bytes(list));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static List<Entry> decodeEntries(byte[] stored) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
      List<Entry> entries = new ArrayList<>();
      for (JsonNode e : OciJson.MAPPER.readTree(in)) {
        entries.add(new Entry(e.get(0).asText(), Type.valueOf(e.get(1).asText()), e.get(2).asLong(),
            e.get(3).asText()));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
