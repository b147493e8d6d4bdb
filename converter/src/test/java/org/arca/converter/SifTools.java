package org.arca.converter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real tools' verdict on a SIF: siftool lists, describes and dumps it, unsquashfs reads its partition. */
final class SifTools {
  private SifTools() {}

  /**
   * Fails unless siftool accepts {@code sif} ({@code list}, {@code header}, {@code info} of every object) and
   * unsquashfs reads the dumped partition ({@code -s}, {@code -lln}). Returns siftool's listing.
   */
  static String assertAccepted(Path sif) throws IOException {
    String list = Tools.run("siftool", "list", sif.toString());
    Tools.run("siftool", "header", sif.toString());
    for (String line : list.split("\n")) {
      if (line.matches("^\\d+\\s+\\|.*")) {
        Tools.run("siftool", "info", line.substring(0, line.indexOf(' ')).trim(), sif.toString());
      }
    }
    Path partition = Files.createTempFile(sif.getParent(), "partition", ".sqfs");
    try {
      dumpPartition(sif, list, partition);
      Tools.run("unsquashfs", "-s", partition.toString());
      Tools.run("unsquashfs", "-lln", partition.toString());
    } finally {
      Files.deleteIfExists(partition);
    }
    return list;
  }

  /** Writes the squashfs partition of {@code sif} to {@code partition} with siftool. */
  static void dumpPartition(Path sif, String siftoolList, Path partition) throws IOException {
    Tools.run("sh", "-c", "siftool dump " + ConvertedImage.partitionId(siftoolList) + " '" + sif + "' > '"
        + partition + "'");
  }
}
