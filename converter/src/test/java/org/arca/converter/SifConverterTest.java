package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.arca.converter.OciLayoutBuilder.LayerKind;
import org.arca.converter.layer.LayerFormatException;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SifConverterTest {
  @TempDir
  Path dir;

  @Test
  void convert_kitchenSink_skeletonAndMetadataInPlace() throws IOException {
    Path layout = SyntheticImages.kitchenSink(dir.resolve("layout"));
    ConvertedImage image = ConvertedImage.convert(layout, SyntheticImages.REF, dir.resolve("sif"),
        org.arca.converter.squashfs.SquashfsOptions.defaults());
    Path root = image.extracted;

    assertEquals(0755, image.listing.get("/.singularity.d/runscript").mode());
    assertEquals(0644, image.listing.get("/.singularity.d/labels.json").mode());
    for (String path : List.of("/.singularity.d/actions/run", "/.singularity.d/actions/exec",
        "/.singularity.d/actions/shell", "/.singularity.d/actions/start", "/.singularity.d/actions/test",
        "/.singularity.d/env/01-base.sh", "/.singularity.d/env/90-environment.sh", "/.singularity.d/env/95-apps.sh",
        "/.singularity.d/env/99-base.sh", "/.singularity.d/env/99-runtimevars.sh", "/.singularity.d/startscript")) {
      assertEquals(0755, image.listing.get(path).mode(), path);
    }
    for (String dir : List.of("/dev", "/proc", "/sys", "/home", "/root", "/var/tmp", "/.singularity.d/libs")) {
      assertEquals('d', image.listing.get(dir).type(), dir);
    }
    assertEquals(".singularity.d/actions/exec", image.listing.get("/.exec").target());
    assertEquals("0", image.listing.get("/etc/hosts").sizeOrDevice(), "added where the image lacks it");
    assertEquals("0", image.listing.get("/etc/resolv.conf").sizeOrDevice());

    String env = Files.readString(root.resolve(".singularity.d/env/10-docker2singularity.sh"));
    assertTrue(env.contains("export GREETING=\"${GREETING:-\"hello \\$USER\"}\"\n"), env);
    assertFalse(env.contains("BAD-NAME"));
    String runscript = Files.readString(root.resolve(".singularity.d/runscript"));
    assertTrue(runscript.contains("set -- '/usr/bin/tool' '--flag' \"$@\""), runscript);
    JsonNode labels = new ObjectMapper().readTree(root.resolve(".singularity.d/labels.json").toFile());
    assertEquals("kitchen sink", labels.get("org.opencontainers.image.title").asText());
    assertTrue(Files.readString(root.resolve(".singularity.d/Singularity"))
        .startsWith("bootstrap: docker\nfrom: arca.test/kitchen-sink@sha256:"));

    String deffile = Tools.run("siftool", "dump", "1", image.sif.toString());
    assertEquals(Files.readString(root.resolve(".singularity.d/Singularity")), deffile);
    JsonNode ociConfig = new ObjectMapper().readTree(Tools.run("siftool", "dump", "3", image.sif.toString()));
    assertEquals("/usr/bin/tool", ociConfig.get("Entrypoint").get(0).asText());
    assertTrue(Tools.run("siftool", "info", "2", image.sif.toString()).contains("inspect-metadata.json"));
    assertTrue(Tools.run("siftool", "info", "3", image.sif.toString()).contains("oci-config.json"));
  }

  @Test
  void convert_layers_readTwiceOnlyWhenTheyHoldSurvivingContent() throws IOException {
    Path layout = new OciLayoutBuilder(dir.resolve("layout"))
        .layer(LayerKind.GZIP, tar -> tar.dir("gone", 0755).file("gone/file", "x"))
        .layer(LayerKind.GZIP, tar -> tar.file("survives", "s").file("same-as-upper", "u"))
        .layer(LayerKind.GZIP, tar -> tar.whiteout("gone").file("kept", "y").file("upper", "u"))
        .build("hidden");
    CountingSource source = new CountingSource(OciLayoutSource.open(layout, "hidden", null, "r"));
    new SifConverter().convert(source, dir.resolve("out.sif"));
    SifTools.assertAccepted(dir.resolve("out.sif"));
    List<Descriptor> layers = source.manifest().layers();
    assertEquals(1, source.opened.get(layers.get(0).digest()), "everything in it is hidden");
    assertEquals(2, source.opened.get(layers.get(1).digest()), "holds a file whose content is needed");
    assertEquals(1, source.opened.get(layers.get(2).digest()), "the last layer is stored on the first read");
    Tools.run("sh", "-c", "siftool dump 4 '" + dir.resolve("out.sif") + "' > '" + dir.resolve("p.sqfs") + "'");
    Path root = dir.resolve("root");
    Tools.run("unsquashfs", "-no-progress", "-d", root.toString(), dir.resolve("p.sqfs").toString());
    assertEquals("u", Files.readString(root.resolve("same-as-upper")));
    assertEquals("s", Files.readString(root.resolve("survives")));
  }

  @Test
  void convert_lastLayerDuplicatesAndReplacedFiles_contentsRightAndStoredOnce() throws IOException {
    byte[] big = new byte[700_000];
    new java.util.Random(11).nextBytes(big);
    byte[] other = new byte[300_000];
    new java.util.Random(12).nextBytes(other);
    Path layout = new OciLayoutBuilder(dir.resolve("layout"))
        .layer(LayerKind.GZIP, tar -> tar
            .file("a", big, 0644, 0, 0, Map.of())
            // equal to a: its blocks are given back and a's serve
            .file("b", big, 0644, 0, 0, Map.of())
            .file("after", "written where b's blocks were\n")
            // replaced later in the same layer: its stored bytes serve nobody, the second version wins
            .file("replaced", other, 0600, 0, 0, Map.of())
            .file("replaced", "second version\n"))
        .build("dups");
    SifResult result = new SifConverter().convert(OciLayoutSource.open(layout, "dups", null, "r"),
        dir.resolve("out.sif"));
    SifTools.assertAccepted(dir.resolve("out.sif"));
    assertTrue(result.squashfsSize() < 2 * big.length, "a and b share one copy: " + result.squashfsSize());
    Tools.run("sh", "-c", "siftool dump 4 '" + dir.resolve("out.sif") + "' > '" + dir.resolve("p.sqfs") + "'");
    Path root = dir.resolve("root");
    Tools.run("unsquashfs", "-no-progress", "-d", root.toString(), dir.resolve("p.sqfs").toString());
    org.junit.jupiter.api.Assertions.assertArrayEquals(big, Files.readAllBytes(root.resolve("a")));
    org.junit.jupiter.api.Assertions.assertArrayEquals(big, Files.readAllBytes(root.resolve("b")));
    assertEquals("written where b's blocks were\n", Files.readString(root.resolve("after")));
    assertEquals("second version\n", Files.readString(root.resolve("replaced")));
  }

  @Test
  void convert_imageWithoutLayers_holdsTheSkeletonOnly() throws IOException {
    Path layout = new OciLayoutBuilder(dir.resolve("layout")).build("empty");
    ConvertedImage image = ConvertedImage.convert(layout, "empty", dir.resolve("sif"),
        org.arca.converter.squashfs.SquashfsOptions.defaults());
    for (String path : image.listing.keySet()) {
      assertTrue(path.equals("/") || ConvertedImage.isSkeleton(path), path);
    }
    assertTrue(image.listing.containsKey("/.singularity.d/runscript"));
  }

  @Test
  void convert_tamperedLayer_refusedByDigest() throws IOException {
    Path layout = new OciLayoutBuilder(dir.resolve("layout"))
        .layer(LayerKind.PLAIN, tar -> tar.file("f", "original"))
        .build("t");
    OciLayoutSource real = OciLayoutSource.open(layout, "t", null, "r");
    ConversionSource tampered = new CountingSource(real) {
      @Override
      public InputStream openBlob(Descriptor layer) throws IOException {
        byte[] bytes = real.openBlob(layer).readAllBytes();
        bytes[600] ^= 1; // inside the file's content
        return new ByteArrayInputStream(bytes);
      }
    };
    assertThrows(LayerFormatException.class, () -> new SifConverter().convert(tampered, dir.resolve("out.sif")));
    assertFalse(Files.exists(dir.resolve("out.sif")), "a failed conversion leaves no file");
  }

  @Test
  void convert_sourceOverBlobStore_sameSifAsFromTheLayout() throws IOException {
    Path layout = new OciLayoutBuilder(dir.resolve("layout")).layer(LayerKind.GZIP, tar -> tar.file("f", "x"))
        .build("b");
    OciLayoutSource fromLayout = OciLayoutSource.open(layout, "b", null, "host/repo:b");
    BlobStore blobs = new BlobStore() {
      @Override
      public OptionalLong size(Digest digest) throws IOException {
        return OptionalLong.of(Files.size(layout.resolve("blobs/sha256").resolve(digest.hex())));
      }

      @Override
      public InputStream open(Digest digest, long offset) throws IOException {
        InputStream in = Files.newInputStream(layout.resolve("blobs/sha256").resolve(digest.hex()));
        in.skipNBytes(offset);
        return in;
      }
    };
    ConversionSource fromBlobs = ConversionSource.of(blobs, "host/repo:b", fromLayout.manifestDigest(),
        fromLayout.manifest());
    assertEquals(new SifConverter().convert(fromLayout, dir.resolve("a.sif")),
        new SifConverter().convert(fromBlobs, dir.resolve("b.sif")));
    SifTools.assertAccepted(dir.resolve("b.sif"));
  }

  @Test
  void convert_configNotMatchingDescriptor_refused() throws IOException {
    Path layout = new OciLayoutBuilder(dir.resolve("layout")).layer(LayerKind.PLAIN, tar -> tar.file("f", "x"))
        .build("c");
    OciLayoutSource real = OciLayoutSource.open(layout, "c", null, "r");
    ConversionSource wrongConfig = new CountingSource(real) {
      @Override
      public byte[] configBytes() {
        return "{\"architecture\":\"amd64\"}".getBytes();
      }
    };
    assertThrows(LayerFormatException.class, () -> new SifConverter().convert(wrongConfig, dir.resolve("o.sif")));
  }

  @Test
  void convert_architectureWithoutSifCode_refused() throws IOException {
    Path layout = new OciLayoutBuilder(dir.resolve("layout")).architecture("wasm")
        .layer(LayerKind.PLAIN, tar -> tar.file("f", "x")).build("w");
    assertThrows(IllegalArgumentException.class, () -> new SifConverter()
        .convert(OciLayoutSource.open(layout, "w", null, "r"), dir.resolve("o.sif")));
  }

  @Test
  void convert_imageIndex_refused() throws IOException {
    Manifest index = Manifest.parse(("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
        + "\",\"manifests\":[]}").getBytes(), MediaTypes.OCI_INDEX);
    ConversionSource source = new ConversionSource() {
      public String reference() {
        return "r";
      }

      public Digest manifestDigest() {
        return Digest.sha256(new byte[0]);
      }

      public Manifest manifest() {
        return index;
      }

      public byte[] configBytes() {
        return new byte[0];
      }

      public InputStream openBlob(Descriptor layer) {
        throw new UnsupportedOperationException();
      }
    };
    assertThrows(IllegalArgumentException.class, () -> new SifConverter().convert(source, dir.resolve("o.sif")));
  }

  /** Counts how often each blob is opened. */
  private static class CountingSource implements ConversionSource {
    final Map<Digest, Integer> opened = new HashMap<>();
    private final ConversionSource delegate;

    CountingSource(ConversionSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public String reference() {
      return delegate.reference();
    }

    @Override
    public Digest manifestDigest() {
      return delegate.manifestDigest();
    }

    @Override
    public Manifest manifest() {
      return delegate.manifest();
    }

    @Override
    public byte[] configBytes() throws IOException {
      return delegate.configBytes();
    }

    @Override
    public InputStream openBlob(Descriptor layer) throws IOException {
      opened.merge(layer.digest(), 1, Integer::sum);
      return delegate.openBlob(layer);
    }
  }
}
