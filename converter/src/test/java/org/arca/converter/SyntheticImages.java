package org.arca.converter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.arca.converter.OciLayoutBuilder.LayerKind;

/**
 * A three-layer image (gzip, zstd, plain tar) that exercises every rule of flattening and every kind of file
 * squashfs stores. Each path's comment says what it tests.
 */
final class SyntheticImages {
  static final String REF = "kitchen-sink";
  /** A valid security.capability value (v2, cap_net_raw in the permitted and effective sets). */
  static final byte[] CAP_NET_RAW = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  static final int MANY = 2100;
  static final String LONG_NAME = "n".repeat(150);
  static final String DEEP_PATH = "long/" + "a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(60) + "/"
      + "d".repeat(60) + "/file-at-depth";

  private SyntheticImages() {}

  static Path kitchenSink(Path dir) throws IOException {
    return kitchenSink(dir, false);
  }

  /** The same image with its zstd layer written as gzip, for umoci 0.4, which reads no zstd. */
  static Path kitchenSinkForUmoci(Path dir) throws IOException {
    return kitchenSink(dir, true);
  }

  private static Path kitchenSink(Path dir, boolean zstdAsGzip) throws IOException {
    byte[] tool = text(300_000, 1);
    return new OciLayoutBuilder(dir)
        .zstdAsGzip(zstdAsGzip)
        .entrypoint(List.of("/usr/bin/tool", "--flag"))
        .cmd(List.of("it's", "a \"test\""))
        .env(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "GREETING=hello $USER", "EMPTY=",
            "BAD-NAME=skipped"))
        .labels(Map.of("org.opencontainers.image.title", "kitchen sink", "maintainer", "Arca <test@arca>"))
        .layer(LayerKind.GZIP, tar -> {
          tar.dir("./", 0755)
              .dir("etc", 0755)
              .file("etc/hostname", "arca-test\n")
              .file("etc/config", "version 1\n")
              .dir("usr", 0755).dir("usr/bin", 0755).dir("usr/share", 0755)
              // several data blocks plus a tail in a fragment
              .file("usr/bin/tool", tool, 0755, 0, 0, Map.of())
              .file("usr/bin/setuid-tool", bytes("#!/bin/sh\n"), 04755, 0, 0, Map.of())
              // same content as etc/hostname: stored once
              .file("usr/bin/copy-of-hostname", bytes("arca-test\n"), 0644, 0, 0, Map.of())
              // blocks of zeros become holes; the tail of zeros goes to a fragment
              .file("usr/share/zeros", 3 * 131072 + 100, 0644, SyntheticImages::zeros)
              .file("usr/share/empty", new byte[0], 0644, 0, 0, Map.of())
              // incompressible: blocks stored uncompressed
              .file("usr/share/random", 1 << 20, 0644, SyntheticImages::random)
              // exactly two blocks: no fragment
              .file("usr/share/exact", 2 * 131072, 0644, (out, size) -> out.write(text((int) size, 7)))
              .dir("links", 0755)
              .symlink("links/abs", "/etc/hostname")
              .symlink("links/rel", "../etc/hostname")
              .symlink("links/dangling", "/does/not/exist")
              .symlink("links/dir-link", "../usr/share")
              .dir("dev", 0755)
              .device("dev/null", TarConstants.LF_CHR, 1, 3, 0666)
              .device("dev/sda", TarConstants.LF_BLK, 8, 0, 0660)
              // a minor number above 255 needs the split encoding of device numbers
              .device("dev/wide", TarConstants.LF_CHR, 259, 70000, 0600)
              .dir("run", 0755)
              .fifo("run/fifo", 0600)
              .dir("shared", 02775, 0, 100)
              .dir("tmp", 01777)
              .dir("owners", 0755)
              .file("owners/odd", bytes("odd owner\n"), 0640, 1234567, 7654321, Map.of())
              .file("owners/nobody", bytes("nobody\n"), 0600, 65534, 65534, Map.of())
              .dir("xattrs", 0755)
              .file("xattrs/file", bytes("with attributes\n"), 0755, 0, 0, Map.of(
                  "user.comment", bytes("hello"),
                  "trusted.arca", bytes("t"),
                  "security.capability", CAP_NET_RAW))
              .file("xattrs/same-attributes", bytes("other content\n"), 0644, 0, 0, Map.of(
                  "user.comment", bytes("hello")))
              .dir("long", 0755)
              .file("long/" + LONG_NAME, bytes("long name\n"), 0644, 0, 0, Map.of())
              .file(DEEP_PATH, bytes("deep\n"), 0644, 0, 0, Map.of())
              .dir("many", 0755);
          for (int i = 0; i < MANY; i++) {
            // more than 256 entries and more than 64 KiB of listing: split headers, extended directory inode
            tar.file(String.format("many/file-with-a-longer-name-%04d", i), "content " + (i % 50) + "\n");
          }
          tar.dir("data", 0755)
              .file("data/remove-me", "x\n")
              .file("data/keep", "k\n")
              .file("data/was-file", "file\n")
              .dir("data/dir-to-replace", 0755)
              .file("data/dir-to-replace/child", "child\n")
              .dir("opq", 0755)
              .file("opq/lower1", "l1\n")
              .dir("opq/sub", 0755)
              .file("opq/sub/lower2", "l2\n")
              .dir("var", 0755).dir("var/cache", 0755).dir("var/cache/apt", 0755)
              .file("var/cache/apt/pkgcache", "cache\n")
              .dir("hard", 0755)
              .file("hard/orig", bytes("original content\n"), 0640, 0, 0, Map.of())
              .hardLink("hard/link1", "hard/orig");
        })
        .layer(LayerKind.ZSTD, tar -> tar
            .whiteout("data/remove-me")
            // written before the opaque marker in the same layer: must survive it
            .file("opq/upper-before", "ub\n")
            .opaque("opq")
            .file("opq/upper", "u\n")
            // hard links to files of the layer below
            .hardLink("data/link-to-tool", "usr/bin/tool")
            .hardLink("hard/link2", "hard/orig")
            .file("etc/config", "version 2\n")
            // a directory over a directory merges and takes the new metadata
            .dir("var", 0750)
            // a directory replaces a file, a symlink replaces a directory
            .dir("data/was-file", 0755)
            .file("data/was-file/inside", "i\n")
            .symlink("data/dir-to-replace", "/etc")
            .file("usr/bin/tool2", tool, 0755, 0, 0, Map.of()))
        .layer(LayerKind.PLAIN, tar -> tar
            // extracted before its whiteout in the same layer: stays
            .file("data/new", "n\n")
            .whiteout("data/new")
            .whiteout("var/cache")
            // the parent is a symlink (links/dir-link -> ../usr/share): lands in usr/share
            .file("links/dir-link/via-symlink", "through a symlinked parent\n")
            .whiteout("etc/hostname")
            .file("etc/hostname", "again\n")
            // the remaining links keep the inode
            .whiteout("hard/orig"))
        .build(REF);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Compressible text, different for each seed. */
  static byte[] text(int size, int seed) {
    StringBuilder out = new StringBuilder(size + 64);
    Random random = new Random(seed);
    String[] words = {"squashfs", "layer", "whiteout", "fragment", "inode", "arca", "sif", "block", "tar"};
    while (out.length() < size) {
      out.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
    }
    return out.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static void zeros(OutputStream out, long size) throws IOException {
    byte[] zero = new byte[65536];
    for (long left = size; left > 0; left -= zero.length) {
      out.write(zero, 0, (int) Math.min(zero.length, left));
    }
  }

  static void random(OutputStream out, long size) throws IOException {
    Random random = new Random(42);
    byte[] chunk = new byte[65536];
    for (long left = size; left > 0; left -= chunk.length) {
      random.nextBytes(chunk);
      out.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
  }
}
