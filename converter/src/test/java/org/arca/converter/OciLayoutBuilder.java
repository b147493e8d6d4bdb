package org.arca.converter;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds synthetic OCI image layouts for tests: layers written with commons-compress as plain, gzip or zstd tar,
 * a config with Env, Entrypoint, Cmd and Labels, a manifest and an index.json naming it.
 */
public final class OciLayoutBuilder {
  /** How a layer blob is compressed. */
  public enum LayerKind {
    PLAIN("application/vnd.oci.image.layer.v1.tar"),
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    final String mediaType;

    LayerKind(String mediaType) {
      this.mediaType = mediaType;
    }
  }

  /** Writes the members of one layer. */
  public interface LayerContent {
    void write(Tar tar) throws IOException;
  }

  private final Path layout;
  private boolean zstdAsGzip;
  private final List<String> layerDescriptors = new ArrayList<>();
  private final List<String> diffIds = new ArrayList<>();
  private String created = "2024-03-01T12:00:00Z";
  private String architecture = "amd64";
  private List<String> env = List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8");
  private List<String> entrypoint = List.of();
  private List<String> cmd = List.of("/bin/sh");
  private Map<String, String> labels = new LinkedHashMap<>(Map.of("org.opencontainers.image.title", "test"));

  public OciLayoutBuilder(Path layout) throws IOException {
    this.layout = layout;
    Files.createDirectories(layout.resolve("blobs/sha256"));
  }

  /**
   * Writes zstd layers as gzip instead: the same tar bytes, hence the same diff ids and the same root filesystem.
   * umoci 0.4 (Debian's) cannot read zstd layers, so the reference unpack uses such a twin of the image.
   */
  public OciLayoutBuilder zstdAsGzip(boolean value) {
    this.zstdAsGzip = value;
    return this;
  }

  public OciLayoutBuilder created(String value) {
    this.created = value;
    return this;
  }

  public OciLayoutBuilder architecture(String value) {
    this.architecture = value;
    return this;
  }

  public OciLayoutBuilder env(List<String> value) {
    this.env = value;
    return this;
  }

  public OciLayoutBuilder entrypoint(List<String> value) {
    this.entrypoint = value;
    return this;
  }

  public OciLayoutBuilder cmd(List<String> value) {
    this.cmd = value;
    return this;
  }

  public OciLayoutBuilder labels(Map<String, String> value) {
    this.labels = new LinkedHashMap<>(value);
    return this;
  }

  /** Adds a layer whose members {@code content} writes. */
  public OciLayoutBuilder layer(LayerKind wanted, LayerContent content) throws IOException {
    LayerKind kind = zstdAsGzip && wanted == LayerKind.ZSTD ? LayerKind.GZIP : wanted;
    Path tmp = Files.createTempFile(layout, "layer", ".tmp");
    MessageDigest diffId = sha256("SHA-256");
    try (OutputStream file = Files.newOutputStream(tmp);
        OutputStream compressed = switch (kind) {
          case PLAIN -> new NonClosing(file);
          case GZIP -> new FastGzip(new NonClosing(file));
          case ZSTD -> new ZstdOutputStreamNoFinalizer(new NonClosing(file), 3);
        };
        DigestOutputStream uncompressed = new DigestOutputStream(compressed, diffId);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(uncompressed, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      content.write(new Tar(tar));
      tar.finish();
    }
    String digest = store(tmp);
    diffIds.add("sha256:" + HexFormat.of().formatHex(diffId.digest()));
    layerDescriptors.add(descriptor(kind.mediaType, digest, Files.size(blob(digest))));
    return this;
  }

  /** Writes config, manifest and index (tagged {@code refName}); returns the layout directory. */
  public Path build(String refName) throws IOException {
    StringBuilder config = new StringBuilder("{\"created\":").append(json(created))
        .append(",\"architecture\":").append(json(architecture)).append(",\"os\":\"linux\",\"config\":{")
        .append("\"Env\":").append(jsonList(env));
    if (!entrypoint.isEmpty()) {
      config.append(",\"Entrypoint\":").append(jsonList(entrypoint));
    }
    if (!cmd.isEmpty()) {
      config.append(",\"Cmd\":").append(jsonList(cmd));
    }
    config.append(",\"Labels\":{");
    int i = 0;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      config.append(i++ > 0 ? "," : "").append(json(label.getKey())).append(':').append(json(label.getValue()));
    }
    config.append("}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":").append(jsonList(diffIds)).append("}}");
    byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
    String configDigest = store(configBytes);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", configDigest, configBytes.length)
        + ",\"layers\":[" + String.join(",", layerDescriptors) + "]}";
    byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
    String manifestDigest = store(manifestBytes);
    String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"digest\":\"" + manifestDigest + "\",\"size\":" + manifestBytes.length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":" + json(refName) + "}}]}";
    Files.writeString(layout.resolve("index.json"), index);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    return layout;
  }

  private String store(byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(layout, "blob", ".tmp");
    Files.write(tmp, bytes);
    return store(tmp);
  }

  private String store(Path tmp) throws IOException {
    MessageDigest sha = sha256("SHA-256");
    try (InputStream in = Files.newInputStream(tmp)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
    Files.move(tmp, blob(digest), StandardCopyOption.REPLACE_EXISTING);
    return digest;
  }

  private Path blob(String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static MessageDigest sha256(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String descriptor(String mediaType, String digest, long size) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
  }

  static String json(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String jsonList(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(value -> quoted.add(json(value)));
    return "[" + String.join(",", quoted) + "]";
  }

  /** gzip at level 1: test layers need to be valid, not small, and some are gigabytes of zeros. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(1);
    }
  }

  /** Keeps the compressor from closing the file before the digest stream is done. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Writes tar members with the fields a layer needs. */
  public static final class Tar {
    private static final long MTIME = 1_700_000_000L;
    private final TarArchiveOutputStream out;

    Tar(TarArchiveOutputStream out) {
      this.out = out;
    }

    public Tar dir(String path, int mode) throws IOException {
      return dir(path, mode, 0, 0);
    }

    public Tar dir(String path, int mode, long uid, long gid) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(path.endsWith("/") ? path : path + "/", TarConstants.LF_DIR);
      put(entry, mode, uid, gid, Map.of());
      out.closeArchiveEntry();
      return this;
    }

    public Tar file(String path, String content) throws IOException {
      return file(path, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0, Map.of());
    }

    public Tar file(String path, byte[] content, int mode, long uid, long gid, Map<String, byte[]> xattrs)
        throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_NORMAL);
      entry.setSize(content.length);
      put(entry, mode, uid, gid, xattrs);
      out.write(content);
      out.closeArchiveEntry();
      return this;
    }

    /** A regular file of {@code size} bytes that {@code generator} streams (large files without holding them). */
    public Tar file(String path, long size, int mode, ContentGenerator generator) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_NORMAL);
      entry.setSize(size);
      put(entry, mode, 0, 0, Map.of());
      generator.write(out, size);
      out.closeArchiveEntry();
      return this;
    }

    public Tar symlink(String path, String target) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
      entry.setLinkName(target);
      put(entry, 0777, 0, 0, Map.of());
      out.closeArchiveEntry();
      return this;
    }

    public Tar hardLink(String path, String target) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_LINK);
      entry.setLinkName(target);
      put(entry, 0644, 0, 0, Map.of());
      out.closeArchiveEntry();
      return this;
    }

    public Tar device(String path, byte type, int major, int minor, int mode) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(path, type);
      entry.setDevMajor(major);
      entry.setDevMinor(minor);
      put(entry, mode, 0, 0, Map.of());
      out.closeArchiveEntry();
      return this;
    }

    public Tar fifo(String path, int mode) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_FIFO);
      put(entry, mode, 0, 0, Map.of());
      out.closeArchiveEntry();
      return this;
    }

    /** An empty regular file named {@code .wh.<name>} next to {@code path}. */
    public Tar whiteout(String path) throws IOException {
      int slash = path.lastIndexOf('/');
      String whiteout = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
      return file(whiteout, new byte[0], 0644, 0, 0, Map.of());
    }

    public Tar opaque(String dir) throws IOException {
      return file(dir + "/.wh..wh..opq", new byte[0], 0644, 0, 0, Map.of());
    }

    private void put(TarArchiveEntry entry, int mode, long uid, long gid, Map<String, byte[]> xattrs)
        throws IOException {
      // only permission bits, as GNU tar and Go write them: umoci passes the field to mknod as it is
      entry.setMode(mode);
      entry.setUserId(uid);
      entry.setGroupId(gid);
      entry.setUserName("");
      entry.setGroupName("");
      entry.setModTime(MTIME * 1000);
      for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
        // PAX values are bytes; commons-compress writes the String as UTF-8, so Latin-1 would re-encode high bytes
        entry.addPaxHeader("SCHILY.xattr." + xattr.getKey(), new String(xattr.getValue(), StandardCharsets.UTF_8));
      }
      out.putArchiveEntry(entry);
    }
  }

  /** Streams generated file content. */
  public interface ContentGenerator {
    void write(OutputStream out, long size) throws IOException;
  }
}
