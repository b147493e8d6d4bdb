package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.arca.converter.squashfs.Compression;
import org.arca.converter.squashfs.SquashfsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real tools judge every SIF: siftool lists and describes it, unsquashfs lists and extracts its partition, and
 * the extracted tree equals what umoci, the reference flattener, unpacks from the same image.
 */
class SifConverterToolsTest {
  @TempDir
  Path dir;

  @Test
  void convert_syntheticLayers_squashfsHoldsWhatUmociUnpacks() throws IOException {
    Path layout = SyntheticImages.kitchenSink(dir.resolve("layout"));
    ConvertedImage image = ConvertedImage.convert(layout, SyntheticImages.REF, dir.resolve("sif"),
        SquashfsOptions.defaults());

    image.assertApptainerLayout("amd64");
    image.assertSameFilesAs(umociReference());
    assertEquals(Files.size(image.sif), image.result.size());
  }

  @Test
  void convert_syntheticLayers_flatteningRulesHold() throws IOException {
    Path layout = SyntheticImages.kitchenSink(dir.resolve("layout"));
    ConvertedImage image = ConvertedImage.convert(layout, SyntheticImages.REF, dir.resolve("sif"),
        SquashfsOptions.defaults());
    Path root = image.extracted;

    assertFalse(Files.exists(root.resolve("data/remove-me")), "whiteout removes");
    assertTrue(Files.exists(root.resolve("data/new")), "a whiteout spares what its own layer extracted");
    assertFalse(Files.exists(root.resolve("opq/lower1")), "opaque directory hides lower entries");
    assertFalse(Files.exists(root.resolve("opq/sub")), "opaque directory hides lower directories");
    assertTrue(Files.exists(root.resolve("opq/upper")) && Files.exists(root.resolve("opq/upper-before")));
    assertFalse(Files.exists(root.resolve("var/cache")), "whiteout removes a whole directory");
    assertEquals("again\n", Files.readString(root.resolve("etc/hostname")));
    assertEquals("version 2\n", Files.readString(root.resolve("etc/config")));
    assertTrue(Files.isRegularFile(root.resolve("usr/share/via-symlink")), "parent symlinks are followed");
    assertTrue(Files.isSymbolicLink(root.resolve("data/dir-to-replace")));
    assertTrue(Files.isDirectory(root.resolve("data/was-file")));
    assertEquals(Files.getAttribute(root.resolve("usr/bin/tool"), "unix:ino"),
        Files.getAttribute(root.resolve("data/link-to-tool"), "unix:ino"), "hard link across layers");
    assertEquals(2, Files.getAttribute(root.resolve("hard/link1"), "unix:nlink"));
    assertEquals(SyntheticImages.MANY, root.resolve("many").toFile().list().length);
  }

  @Test
  void convert_zstdAndXzCompression_readableByUnsquashfs() throws IOException {
    Path layout = SyntheticImages.kitchenSink(dir.resolve("layout"));
    Path umoci = umociReference();
    for (Compression compression : new Compression[] {Compression.ZSTD, Compression.XZ}) {
      ConvertedImage image = ConvertedImage.convert(layout, SyntheticImages.REF,
          dir.resolve(compression.name()), SquashfsOptions.of(compression));
      assertTrue(Tools.run("unsquashfs", "-s", image.partition.toString())
          .contains("Compression " + compression.name().toLowerCase()));
      image.assertSameFilesAs(umoci);
    }
  }

  private Path umociReference() throws IOException {
    Path twin = SyntheticImages.kitchenSinkForUmoci(dir.resolve("layout-for-umoci"));
    return ConvertedImage.umociUnpack(twin, SyntheticImages.REF, dir);
  }

  @Test
  void convert_debianMinbase_squashfsHoldsWhatUmociUnpacks() throws IOException {
    Path layout = DebianMinbase.layout();
    ConvertedImage image = ConvertedImage.convert(layout, DebianMinbase.REF, dir.resolve("sif"),
        SquashfsOptions.defaults());

    image.assertApptainerLayout("amd64");
    image.assertSameFilesAs(ConvertedImage.umociUnpack(layout, DebianMinbase.REF, dir));
  }
}
