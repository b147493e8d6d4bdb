package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.arca.converter.OciLayoutBuilder.LayerKind;
import org.arca.converter.squashfs.SquashfsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks are compressed on many threads but the SIF does not change by a byte: an image whose blocks take very
 * different times to compress (holes, noise that is stored as is, text, tails of every size in fragments),
 * so that later blocks often finish before earlier ones, gives the same SIF with 1, 3 and 16 threads, and the real
 * tools read every file back as it was written.
 */
class ParallelCompressionTest {
  private static final int BLOCK = 128 * 1024;

  @TempDir
  Path dir;

  @Test
  void convert_oneThreeAndSixteenThreads_sameBytesAndToolsReadEveryFile() throws IOException {
    Map<String, byte[]> files = mixedFiles();
    Path layout = new OciLayoutBuilder(dir.resolve("layout"))
        // a lower layer too, so that contents are also written on the second read of a layer
        .layer(LayerKind.GZIP, tar -> {
          tar.dir("./", 0755).dir("lower", 0755);
          for (int i = 0; i < 6; i++) {
            tar.file("lower/file-" + i, SyntheticImages.text(BLOCK * i + 333 * i, 100 + i), 0644, 0, 0, Map.of());
          }
        })
        .layer(LayerKind.GZIP, tar -> {
          tar.dir("mixed", 0755);
          for (Map.Entry<String, byte[]> file : files.entrySet()) {
            tar.file(file.getKey(), file.getValue(), 0644, 0, 0, Map.of());
          }
        })
        .build("mixed");
    SquashfsOptions gzip = SquashfsOptions.defaults();

    ConvertedImage one = ConvertedImage.convert(layout, "mixed", dir.resolve("one"), gzip.withThreads(1));
    byte[] oneThread = Files.readAllBytes(one.sif);
    for (int threads : new int[] {3, 16}) {
      Path sif = dir.resolve(threads + ".sif");
      SifResult result = new SifConverter(gzip.withThreads(threads))
          .convert(OciLayoutSource.open(layout, "mixed", null, "arca.test/mixed"), sif);
      assertEquals(one.result, result, threads + " threads");
      assertArrayEquals(oneThread, Files.readAllBytes(sif), threads + " threads");
    }

    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      assertArrayEquals(file.getValue(), Files.readAllBytes(one.extracted.resolve(file.getKey())), file.getKey());
    }
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(SyntheticImages.text(BLOCK * i + 333 * i, 100 + i),
          Files.readAllBytes(one.extracted.resolve("lower/file-" + i)), "lower/file-" + i);
    }
  }

  /** 60 files, from empty to three blocks and a tail, of text, zeros, noise or a mix of them block by block. */
  private static Map<String, byte[]> mixedFiles() {
    Random random = new Random(18);
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      int blocks = random.nextInt(4);
      byte[] content = new byte[blocks * BLOCK + random.nextInt(BLOCK)];
      for (int start = 0; start < content.length; start += BLOCK) {
        int length = Math.min(BLOCK, content.length - start);
        switch (random.nextInt(3)) {
          case 0 -> System.arraycopy(SyntheticImages.text(length, random.nextInt()), 0, content, start, length);
          case 1 -> { } // zeros: a hole, or zeros in a fragment
          default -> {
            byte[] noise = new byte[length];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, content, start, length);
          }
        }
      }
      files.put("mixed/file-" + i, content);
    }
    return files;
  }
}
