package org.arca.search.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.RepositoryName;
import org.arca.core.event.RegistryEvent;
import org.arca.core.image.OciJson;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Builds real OCI content for tests: tar layers (plain, gzip, zstd, xz, bzip2) with files and whiteouts, configs,
 * manifests.
 */
public final class OciImages {

  private OciImages() {}

  public enum Compression { NONE, GZIP, ZSTD, XZ, BZIP2 }

  /** A layer under construction: files, directories and whiteouts, in the order they are added. */
  public static final class Layer {
    private final List<Object[]> entries = new ArrayList<>();

    public Layer file(String path, String content) {
      entries.add(new Object[] {path, content.getBytes(StandardCharsets.UTF_8)});
      return this;
    }

    public Layer whiteout(String path) {
      int slash = path.lastIndexOf('/');
      String whiteout = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
      entries.add(new Object[] {whiteout, new byte[0]});
      return this;
    }

    public Layer opaque(String dir) {
      entries.add(new Object[] {dir + "/.wh..wh..opq", new byte[0]});
      return this;
    }

    public Layer symlink(String path, String target) {
      entries.add(new Object[] {path, target});
      return this;
    }

    public byte[] tar() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      write(out);
      return out.toByteArray();
    }

    public byte[] bytes(Compression compression) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        switch (compression) {
          case NONE -> write(out);
          case GZIP -> {
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
              write(gzip);
            }
          }
          case ZSTD -> {
            try (ZstdOutputStream zstd = new ZstdOutputStream(out)) {
              write(zstd);
            }
          }
          case XZ -> {
            try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
              write(xz);
            }
          }
          case BZIP2 -> {
            try (BZip2CompressorOutputStream bzip2 = new BZip2CompressorOutputStream(out)) {
              write(bzip2);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    private void write(OutputStream out) {
      try {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Object[] entry : entries) {
          String path = (String) entry[0];
          TarArchiveEntry e;
          if (entry[1] instanceof String target) {
            e = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(target);
            e.setModTime(0); // deterministic content: the same layer has the same digest every time
            tar.putArchiveEntry(e);
          } else {
            byte[] content = (byte[]) entry[1];
            e = new TarArchiveEntry(path);
            e.setSize(content.length);
            e.setMode(0100644);
            e.setModTime(0);
            tar.putArchiveEntry(e);
            tar.write(content);
          }
          tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public static Layer layer() {
    return new Layer();
  }

  /** An image under construction: layers, labels, history, and where it is pushed. */
  public static final class Image {
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<String> history = new ArrayList<>();
    private String architecture = "amd64";
    private Compression compression = Compression.GZIP;

    public Image layer(Layer layer) {
      layers.add(layer);
      return this;
    }

    public Image label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Image annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public Image history(String createdBy) {
      history.add(createdBy);
      return this;
    }

    public Image architecture(String arch) {
      this.architecture = arch;
      return this;
    }

    public Image compression(Compression c) {
      this.compression = c;
      return this;
    }

    /** Stores blobs in the registry and returns the manifest bytes (not yet pushed). */
    public byte[] manifest(FakeRegistry registry) {
      List<Descriptor> layerDescriptors = new ArrayList<>();
      List<String> diffIds = new ArrayList<>();
      for (Layer layer : layers) {
        byte[] bytes = layer.bytes(compression);
        Digest digest = registry.putBlob(bytes);
        String mediaType = switch (compression) {
          // no layer media type names xz or bzip2: Docker sniffs them under the plain tar type, and so does Arca
          case NONE, XZ, BZIP2 -> MediaTypes.OCI_LAYER;
          case GZIP -> MediaTypes.OCI_LAYER_GZIP;
          case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        };
        layerDescriptors.add(new Descriptor(mediaType, digest, bytes.length));
        diffIds.add(Digest.sha256(layer.tar()).toString());
      }
      ObjectNode config = OciJson.MAPPER.createObjectNode();
      config.put("architecture", architecture);
      config.put("os", "linux");
      config.put("created", "2024-01-01T00:00:00Z");
      ObjectNode inner = config.putObject("config");
      inner.putArray("Env").add("PATH=/usr/bin");
      ObjectNode l = inner.putObject("Labels");
      labels.forEach(l::put);
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      ArrayNode ids = rootfs.putArray("diff_ids");
      diffIds.forEach(ids::add);
      ArrayNode h = config.putArray("history");
      for (String entry : history) {
        h.addObject().put("created_by", entry).put("empty_layer", true);
      }
      byte[] configBytes = OciJson.bytes(config);
      Digest configDigest = registry.putBlob(configBytes);
      return OciImages.manifest(null, new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layerDescriptors,
          null, annotations);
    }

    public List<RegistryEvent> push(FakeRegistry registry, RepositoryName repository, String tag) {
      return registry.push(repository, tag, MediaTypes.OCI_MANIFEST, manifest(registry));
    }
  }

  public static Image image() {
    return new Image();
  }

  public static byte[] manifest(String artifactType, Descriptor config, List<Descriptor> layers, Descriptor subject,
      Map<String, String> annotations) {
    return org.arca.search.loader.RecipeImage.manifest(artifactType, config, layers, subject, annotations);
  }

  /** An image index of already-pushed platform manifests. */
  public static byte[] index(FakeRegistry registry, RepositoryName repository, Map<Platform, byte[]> platforms) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = root.putArray("manifests");
    platforms.forEach((platform, bytes) -> manifests.add(OciJson.write(new Descriptor(MediaTypes.OCI_MANIFEST,
        Digest.sha256(bytes), bytes.length, null, null, platform, null))));
    return OciJson.bytes(root);
  }

  /** Attaches {@code content} to {@code subject} as an artifact of {@code artifactType}; returns the push events. */
  public static List<RegistryEvent> attach(FakeRegistry registry, RepositoryName repository, byte[] subject,
      String artifactType, String fileName, byte[] content) {
    byte[] empty = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    Digest emptyDigest = registry.putBlob(empty);
    Digest contentDigest = registry.putBlob(content);
    Descriptor layer = new Descriptor("application/vnd.oci.image.layer.v1.tar", contentDigest, content.length, null,
        fileName == null ? Map.of() : Map.of("org.opencontainers.image.title", fileName), null, null);
    Descriptor subjectDescriptor = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(subject), subject.length);
    byte[] artifact = manifest(artifactType, new Descriptor(MediaTypes.OCI_EMPTY, emptyDigest, empty.length),
        List.of(layer), subjectDescriptor, Map.of());
    return registry.push(repository, null, MediaTypes.OCI_MANIFEST, artifact);
  }
}
