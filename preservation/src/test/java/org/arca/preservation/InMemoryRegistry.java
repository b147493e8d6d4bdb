package org.arca.preservation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;

/** A fake of the registry's ports: blobs, manifests, tags and referrers in memory. Counts blob opens. */
public final class InMemoryRegistry implements RegistryCatalog, BlobStore {
  private final Map<Digest, byte[]> blobs = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
  private final Map<RepositoryName, Map<Digest, StoredManifest>> manifests = new TreeMap<>();
  private final Map<RepositoryName, Map<String, Digest>> tags = new TreeMap<>();
  public final AtomicInteger opened = new AtomicInteger();

  public Descriptor blob(String mediaType, byte[] content) {
    Digest digest = Digest.sha256(content);
    blobs.put(digest, content);
    return new Descriptor(mediaType, digest, content.length);
  }

  public Descriptor blob(String mediaType, String content) {
    return blob(mediaType, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Stores a manifest (also as blob, as registries do) and tags it. */
  public Descriptor manifest(RepositoryName repository, String mediaType, byte[] content, String... tagNames) {
    Digest digest = Digest.sha256(content);
    blobs.put(digest, content);
    manifests.computeIfAbsent(repository, r -> new TreeMap<>((a, b) -> a.toString().compareTo(b.toString())))
        .put(digest, new StoredManifest(repository, digest, mediaType, content, Instant.parse("2026-03-14T09:26:53Z"),
            "jdoe"));
    for (String tag : tagNames) {
      tags.computeIfAbsent(repository, r -> new TreeMap<>()).put(tag, digest);
    }
    return new Descriptor(mediaType, digest, content.length);
  }

  /** Builds and stores an OCI image manifest over {@code config} and {@code layers}. */
  public Descriptor image(RepositoryName repository, Descriptor config, List<Descriptor> layers, Descriptor subject,
      String artifactType, Map<String, String> annotations, String... tagNames) {
    ObjectNode m = OciJson.MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (artifactType != null) {
      m.put("artifactType", artifactType);
    }
    m.set("config", OciJson.write(config));
    var array = m.putArray("layers");
    layers.forEach(l -> array.add(OciJson.write(l)));
    if (subject != null) {
      m.set("subject", OciJson.write(subject));
    }
    if (annotations != null && !annotations.isEmpty()) {
      ObjectNode a = m.putObject("annotations");
      annotations.forEach(a::put);
    }
    return manifest(repository, MediaTypes.OCI_MANIFEST, OciJson.bytes(m), tagNames);
  }

  /** Builds and stores an OCI index over {@code children} (descriptors carry platform and annotations). */
  public Descriptor index(RepositoryName repository, List<Descriptor> children, String... tagNames) {
    ObjectNode m = OciJson.MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_INDEX);
    var array = m.putArray("manifests");
    children.forEach(c -> array.add(OciJson.write(c)));
    return manifest(repository, MediaTypes.OCI_INDEX, OciJson.bytes(m), tagNames);
  }

  /** Replaces a stored blob's bytes, as disk corruption would. */
  public void corrupt(Digest digest) {
    byte[] bytes = blobs.get(digest).clone();
    bytes[0] ^= 1;
    blobs.put(digest, bytes);
  }

  public byte[] bytes(Digest digest) {
    return blobs.get(digest);
  }

  @Override
  public List<RepositoryName> repositories(String last, int limit) {
    return manifests.keySet().stream().filter(r -> last == null || r.value().compareTo(last) > 0).limit(limit).toList();
  }

  @Override
  public boolean exists(RepositoryName repository) {
    return manifests.containsKey(repository);
  }

  @Override
  public List<String> tags(RepositoryName repository, String last, int limit) {
    return tags.getOrDefault(repository, Map.of()).keySet().stream()
        .filter(t -> last == null || t.compareTo(last) > 0).limit(limit).toList();
  }

  @Override
  public Optional<StoredManifest> manifest(RepositoryName repository, Reference reference) {
    Digest digest = reference instanceof Tag tag ? tags.getOrDefault(repository, Map.of()).get(tag.value())
        : (Digest) reference;
    return digest == null ? Optional.empty()
        : Optional.ofNullable(manifests.getOrDefault(repository, Map.of()).get(digest));
  }

  @Override
  public List<Digest> manifestDigests(RepositoryName repository) {
    return new ArrayList<>(manifests.getOrDefault(repository, Map.of()).keySet());
  }

  @Override
  public List<String> tagsOf(RepositoryName repository, Digest digest) {
    return tags.getOrDefault(repository, Map.of()).entrySet().stream().filter(e -> e.getValue().equals(digest))
        .map(Map.Entry::getKey).toList();
  }

  @Override
  public List<Descriptor> referrers(RepositoryName repository, Digest subject, String artifactType) {
    List<Descriptor> result = new ArrayList<>();
    for (StoredManifest stored : manifests.getOrDefault(repository, Map.of()).values()) {
      Manifest m = stored.parse();
      if (m.subject() != null && m.subject().digest().equals(subject)
          && (artifactType == null || artifactType.equals(m.referrerArtifactType()))) {
        result.add(new Descriptor(stored.mediaType(), stored.digest(), stored.content().length,
            m.referrerArtifactType(), m.annotations(), null, null));
      }
    }
    return result;
  }

  @Override
  public boolean containsBlob(RepositoryName repository, Digest digest) {
    return blobs.containsKey(digest);
  }

  @Override
  public OptionalLong size(Digest digest) {
    byte[] b = blobs.get(digest);
    return b == null ? OptionalLong.empty() : OptionalLong.of(b.length);
  }

  @Override
  public InputStream open(Digest digest, long offset) throws IOException {
    byte[] b = blobs.get(digest);
    if (b == null) {
      throw new IOException("no blob " + digest);
    }
    opened.incrementAndGet();
    InputStream in = new ByteArrayInputStream(b);
    in.skipNBytes(offset);
    return in;
  }
}
