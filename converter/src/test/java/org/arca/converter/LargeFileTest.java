package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.arca.converter.OciLayoutBuilder.LayerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than 4 GiB (which needs extended inodes), converted in a JVM whose heap is far smaller than the
 * file: contents are streamed, never held. The file is mostly zeros, so the layer stays small on disk.
 */
class LargeFileTest {
  private static final long SIZE = (4L << 30) + 4097;
  private static final long MARKER_AT = 2L << 30;
  private static final byte[] MARKER = "a marker in the middle".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = "the tail goes into a fragment".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  @Test
  void convert_fileOver4GiBWith64MiBHeap_extendedInodeAndExactContent() throws Exception {
    Path layout = new OciLayoutBuilder(dir.resolve("layout"))
        .layer(LayerKind.GZIP, tar -> tar.dir("big", 0755).file("big/sparse", SIZE, 0644, LargeFileTest::content))
        .build("large");
    Path sif = dir.resolve("large.sif");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), "org.arca.converter.bench.ConvertBench",
        layout.toString(), "large", sif.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), output);

    Path partition = dir.resolve("large.sqfs");
    SifTools.dumpPartition(sif, SifTools.assertAccepted(sif), partition);
    SquashfsListing.Line line = SquashfsListing.parse(Tools.run("unsquashfs", "-lln", partition.toString()))
        .get("/big/sparse");
    assertEquals(Long.toString(SIZE), line.sizeOrDevice());
    Path extracted = dir.resolve("root");
    Tools.run("unsquashfs", "-no-progress", "-d", extracted.toString(), partition.toString());
    try (RandomAccessFile file = new RandomAccessFile(extracted.resolve("big/sparse").toFile(), "r")) {
      assertEquals(SIZE, file.length());
      assertEquals(List.of(new String(MARKER, StandardCharsets.US_ASCII), new String(TAIL, StandardCharsets.US_ASCII),
          "\0\0\0\0"), List.of(read(file, MARKER_AT, MARKER.length), read(file, SIZE - TAIL.length, TAIL.length),
          read(file, MARKER_AT - 4, 4)));
    }
  }

  private static String read(RandomAccessFile file, long at, int length) throws IOException {
    byte[] bytes = new byte[length];
    file.seek(at);
    file.readFully(bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** Zeros, with a marker at 2 GiB and non-zero bytes at the very end. */
  private static void content(OutputStream out, long size) throws IOException {
    byte[] zeros = new byte[1 << 20];
    long written = 0;
    while (written < size) {
      if (written == MARKER_AT) {
        out.write(MARKER);
        written += MARKER.length;
        continue;
      }
      long next = written < MARKER_AT ? MARKER_AT : size - TAIL.length;
      if (written == size - TAIL.length) {
        out.write(TAIL);
        written += TAIL.length;
        continue;
      }
      int n = (int) Math.min(zeros.length, next - written);
      out.write(zeros, 0, n);
      written += n;
    }
  }
}
