package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.arca.converter.squashfs.SquashfsOptions;

/**
 * A SIF converted by the engine, with the real tools' views of it: siftool's listing, the squashfs partition dumped
 * by siftool, unsquashfs's listing and extraction. Also runs umoci, the reference flattener, on the same image and
 * compares the two root filesystems.
 */
public final class ConvertedImage {
  /** Paths Apptainer's skeleton may add to a root filesystem (each only where the image lacks it). */
  static final Set<String> SKELETON_TOP = Set.of("/.singularity.d", "/singularity", "/.run", "/.exec", "/.shell",
      "/.test", "/environment", "/dev", "/proc", "/root", "/var", "/var/tmp", "/tmp", "/etc", "/sys", "/home",
      "/etc/hosts", "/etc/resolv.conf");

  final Path work;
  final Path sif;
  final SifResult result;
  final String siftoolList;
  final Path partition;
  final String listingText;
  final SortedMap<String, SquashfsListing.Line> listing;
  final Path extracted;

  private ConvertedImage(Path work, Path sif, SifResult result) throws IOException {
    this.work = work;
    this.sif = sif;
    this.result = result;
    this.siftoolList = SifTools.assertAccepted(sif);
    this.partition = work.resolve("partition.sqfs");
    SifTools.dumpPartition(sif, siftoolList, partition);
    this.listingText = Tools.run("unsquashfs", "-lln", partition.toString());
    this.listing = SquashfsListing.parse(listingText);
    this.extracted = work.resolve("squashfs-root");
    Tools.run("unsquashfs", "-no-progress", "-d", extracted.toString(), partition.toString());
  }

  /** Converts image {@code refName} of {@code layout} into {@code work/image.sif} and inspects it with the tools. */
  static ConvertedImage convert(Path layout, String refName, Path work, SquashfsOptions options) throws IOException {
    Files.createDirectories(work);
    Path sif = work.resolve("image.sif");
    SifResult result = new SifConverter(options).convert(
        OciLayoutSource.open(layout, refName, null, "arca.test/" + refName), sif);
    return new ConvertedImage(work, sif, result);
  }

  /** umoci's root filesystem for the same image, unpacked as root (devices and owners included). */
  static Path umociUnpack(Path layout, String refName, Path work) throws IOException {
    Path bundle = work.resolve("umoci-bundle");
    Tools.run("umoci", "unpack", "--image", layout + ":" + refName, bundle.toString());
    return bundle.resolve("rootfs");
  }

  /** The SIF descriptor id of the partition, from siftool's listing. */
  static String partitionId(String siftoolList) {
    for (String line : siftoolList.split("\n")) {
      if (line.contains("FS (Squashfs")) {
        return line.substring(0, line.indexOf(' ')).trim();
      }
    }
    throw new AssertionError("no squashfs partition in:\n" + siftoolList);
  }

  /**
   * Asserts that the squashfs holds exactly what umoci unpacked, apart from the skeleton paths Apptainer adds where
   * the image lacks them: same paths, and for each the same type, mode, owner, size, target, device, content, hard
   * links and xattrs, in unsquashfs's listing and in its extraction.
   */
  void assertSameFilesAs(Path umociRootfs) throws IOException {
    RootfsSnapshot expected = RootfsSnapshot.of(umociRootfs);
    RootfsSnapshot actual = RootfsSnapshot.of(extracted);
    List<String> problems = new ArrayList<>();
    Set<String> added = new TreeSet<>(actual.entries().keySet());
    added.removeAll(expected.entries().keySet());
    for (String path : added) {
      if (!isSkeleton(path)) {
        problems.add("only in squashfs: " + path);
      }
    }
    for (Map.Entry<String, RootfsSnapshot.Facts> entry : expected.entries().entrySet()) {
      String path = entry.getKey();
      RootfsSnapshot.Facts ours = actual.entries().get(path);
      if (ours == null) {
        problems.add("missing from squashfs: " + path);
      } else if (!ours.equals(entry.getValue())) {
        problems.add(path + ":\n  umoci    " + entry.getValue() + "\n  squashfs " + ours);
      }
      SquashfsListing.Line line = listing.get(path);
      RootfsSnapshot.Facts facts = entry.getValue();
      if (line == null) {
        problems.add("not in unsquashfs -lln: " + path);
      } else if (!path.equals("/")) {
        String size = switch (facts.type()) {
          case 'f', 'l' -> Long.toString(facts.size());
          case 'c', 'b' -> listedDevice(facts.device());
          default -> line.sizeOrDevice();
        };
        if (line.type() != facts.type() || line.mode() != facts.mode() || line.uid() != facts.uid()
            || line.gid() != facts.gid() || !line.sizeOrDevice().equals(size)
            || (facts.target() != null && !facts.target().equals(line.target()))) {
          problems.add(path + ": unsquashfs -lln says " + line + ", umoci " + facts);
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " differences between umoci and the SIF's squashfs:\n"
          + String.join("\n", problems.subList(0, Math.min(40, problems.size()))));
    }
    assertEquals(actual.entries().keySet(), listing.keySet(), "unsquashfs -lln lists what it extracts");
  }

  /** Asserts the descriptors Apptainer writes for a docker:// build, in its order, with the image's arch. */
  void assertApptainerLayout(String arch) {
    List<String> rows = new ArrayList<>();
    for (String line : siftoolList.split("\n")) {
      if (line.matches("^\\d+\\s+\\|.*")) {
        rows.add(line);
      }
    }
    assertEquals(4, rows.size(), siftoolList);
    assertTrue(rows.get(0).contains("Def.FILE"), rows.get(0));
    assertTrue(rows.get(1).contains("JSON.Generic"), rows.get(1));
    assertTrue(rows.get(2).contains("JSON.Generic"), rows.get(2));
    assertTrue(rows.get(3).contains("FS (Squashfs/*System/" + arch + ")"), rows.get(3));
  }

  /**
   * How unsquashfs 4.5 lists device numbers: it splits the stored value (Linux's new_encode_dev) as
   * {@code value >> 8, value & 0xff}, which equals {@code major,minor} only while the minor is below 256. Its
   * extraction decodes the value correctly, which the snapshot comparison checks.
   */
  static String listedDevice(String majorMinor) {
    String[] parts = majorMinor.split(",");
    long major = Long.parseLong(parts[0]);
    long minor = Long.parseLong(parts[1]);
    long stored = (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & 0xfff00) << 12);
    return (stored >> 8) + "," + (stored & 0xff);
  }

  static boolean isSkeleton(String path) {
    return SKELETON_TOP.contains(path) || path.startsWith("/.singularity.d/");
  }
}
