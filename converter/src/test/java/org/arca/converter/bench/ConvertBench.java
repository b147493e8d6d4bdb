package org.arca.converter.bench;

import java.nio.file.Path;
import org.arca.converter.OciLayoutSource;
import org.arca.converter.SifConverter;
import org.arca.converter.SifResult;
import org.arca.converter.squashfs.Compression;
import org.arca.converter.squashfs.SquashfsOptions;

/**
 * Converts one image of an OCI image layout to a SIF and prints the time it took; run by
 * {@code converter/bench/convert-bench.sh}, which measures wall time and peak RSS around it.
 *
 * <p>Arguments: layout directory, ref name, output file, optionally compression, level, threads and how many times
 * to convert in this JVM (later runs show the time of a warm JVM, as in the server).
 */
public final class ConvertBench {
  private ConvertBench() {}

  public static void main(String[] args) throws Exception {
    Path layout = Path.of(args[0]);
    String refName = args[1];
    Path output = Path.of(args[2]);
    SquashfsOptions options = SquashfsOptions.of(args.length > 3 ? Compression.valueOf(args[3]) : Compression.GZIP);
    if (args.length > 4) {
      options = options.withLevel(Integer.parseInt(args[4]));
    }
    if (args.length > 5) {
      options = options.withThreads(Integer.parseInt(args[5]));
    }
    int runs = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    for (int run = 1; run <= runs; run++) {
      long start = System.nanoTime();
      SifResult result = new SifConverter(options).convert(
          OciLayoutSource.open(layout, refName, null, "bench/" + refName), output);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("run %d converted in %d ms: %s, %d bytes (squashfs %d), %s, options %s%n", run, millis,
          result.digest(), result.size(), result.squashfsSize(), result.architecture(), options);
    }
  }
}
