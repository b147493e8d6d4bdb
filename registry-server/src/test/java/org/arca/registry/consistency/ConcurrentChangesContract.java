package org.arca.registry.consistency;

import static org.arca.registry.testing.TestImages.annotations;
import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.index;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.Manifest;
import org.arca.registry.metadata.Database;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.junit.jupiter.api.Test;

/**
 * Manifest PUTs racing tag moves, blob deletes and manifest deletes in one repository must never leave a manifest that
 * references a blob the repository no longer links (or an index listing a deleted manifest), and never answer 500.
 * Subclasses run it on each metadata database, since each locks rows in its own way.
 */
abstract class ConcurrentChangesContract {
  private static final int LAYERS = 8;
  private static final int TAGS = 4;
  private static final int ROUNDS = 60;

  @Inject
  EmbeddedServer server;
  @Inject
  Database database;

  @Test
  void manifestPuts_racingBlobAndManifestDeletes_neverReferenceMissingContent() throws Exception {
    OciClient client = new OciClient(URI.create(server.getURL().toString()));
    String repository = repository("race");
    // A deleted layer is replaced by a new one rather than pushed again: pushing it again would link it anew and
    // hide a manifest that was let reference it while it was unlinked.
    List<byte[]> layers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      layers.add(randomBytes(512));
    }
    byte[] config = config("amd64");
    Descriptor configDescriptor = descriptor(MediaTypes.OCI_CONFIG, config);
    client.pushBlob(repository, config);
    layers.forEach(layer -> client.pushBlob(repository, layer));
    Set<Digest> pushed = ConcurrentHashMap.newKeySet();
    List<String> unexpected = new CopyOnWriteArrayList<>();

    Runnable putImages = () -> {
      for (int round = 0; round < ROUNDS; round++) {
        List<Descriptor> chosen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          chosen.add(descriptor(MediaTypes.OCI_LAYER_GZIP, layers.get(ThreadLocalRandom.current().nextInt(
              layers.size()))));
        }
        byte[] image = manifest(MediaTypes.OCI_MANIFEST, configDescriptor, chosen, null, null,
            annotations("round", Thread.currentThread().getName() + "-" + round));
        Response put = client.put("/v2/" + repository + "/manifests/t" + ThreadLocalRandom.current().nextInt(TAGS),
            image, "Content-Type", MediaTypes.OCI_MANIFEST);
        expect(unexpected, "PUT manifest", put, 201, 400);
        if (put.status() == 201) {
          pushed.add(Digest.parse(put.header("Docker-Content-Digest").orElseThrow()));
        }
      }
    };
    Runnable putIndexes = () -> {
      for (int round = 0; round < ROUNDS; round++) {
        List<Descriptor> children = new ArrayList<>();
        for (Digest digest : sample(pushed, 2)) {
          Response head = client.head("/v2/" + repository + "/manifests/" + digest);
          if (head.status() == 200) {
            children.add(new Descriptor(MediaTypes.OCI_MANIFEST, digest,
                Long.parseLong(head.header("Content-Length").orElseThrow()), null, null, null, null));
          }
        }
        byte[] list = index(MediaTypes.OCI_INDEX, children, annotations("round", "index-" + round));
        Response put = client.put("/v2/" + repository + "/manifests/index", list,
            "Content-Type", MediaTypes.OCI_INDEX);
        expect(unexpected, "PUT index", put, 201, 400);
      }
    };
    Runnable deleteBlobs = () -> {
      for (int round = 0; round < ROUNDS; round++) {
        byte[] layer = layers.get(ThreadLocalRandom.current().nextInt(layers.size()));
        Response delete = client.delete("/v2/" + repository + "/blobs/" + Digest.sha256(layer));
        expect(unexpected, "DELETE blob", delete, 202, 404, 405);
        if (delete.status() == 202) {
          byte[] replacement = randomBytes(512);
          client.pushBlob(repository, replacement);
          layers.add(replacement);
          layers.remove(layer);
        }
      }
    };
    Runnable deleteManifests = () -> {
      for (int round = 0; round < ROUNDS; round++) {
        for (Digest digest : sample(pushed, 1)) {
          Response delete = client.delete("/v2/" + repository + "/manifests/" + digest);
          expect(unexpected, "DELETE manifest", delete, 202, 403, 404);
        }
      }
    };

    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Runnable work : List.of(putImages, putImages, putImages, putIndexes, deleteBlobs, deleteBlobs,
          deleteManifests, deleteManifests)) {
        running.add(threads.submit(work));
      }
      for (Future<?> future : running) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }

    assertEquals(List.of(), unexpected, "answers other than the spec's");
    assertEquals(List.of(), danglingReferences(), "manifests referencing content the repository no longer holds");
    assertTrue(pushed.size() > ROUNDS, "most pushes succeeded: " + pushed.size());
    for (int t = 0; t < TAGS; t++) {
      Response tagged = client.get("/v2/" + repository + "/manifests/t" + t, "Accept", MediaTypes.OCI_MANIFEST);
      if (tagged.status() == 200) {
        for (String layer : layerDigests(tagged.body())) {
          assertEquals(200, client.head("/v2/" + repository + "/blobs/" + layer).status(), layer);
        }
      }
    }
  }

  private static void expect(List<String> unexpected, String what, Response response, int... statuses) {
    for (int status : statuses) {
      if (response.status() == status) {
        return;
      }
    }
    unexpected.add(what + ": " + response);
  }

  private static List<Digest> sample(Set<Digest> digests, int count) {
    List<Digest> all = new ArrayList<>(digests);
    Collections.shuffle(all);
    return all.subList(0, Math.min(count, all.size()));
  }

  private static List<String> layerDigests(byte[] manifest) {
    List<String> digests = new ArrayList<>();
    Manifest.parse(manifest, MediaTypes.OCI_MANIFEST).layers()
        .forEach(d -> digests.add(d.digest().toString()));
    return digests;
  }

  /** Every reference whose blob is not linked (or not stored), or whose child manifest is gone. */
  private List<String> danglingReferences() {
    return database.read(c -> {
      List<String> dangling = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT r.manifest_digest, r.child_digest, r.child_is_manifest"
          + " FROM manifest_reference r WHERE (r.child_is_manifest = FALSE AND NOT EXISTS (SELECT 1"
          + " FROM blob_link l JOIN blob b ON b.digest = l.digest"
          + " WHERE l.repository_id = r.repository_id AND l.digest = r.child_digest))"
          + " OR (r.child_is_manifest = TRUE AND NOT EXISTS (SELECT 1 FROM manifest m"
          + " WHERE m.repository_id = r.repository_id AND m.digest = r.child_digest))");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          dangling.add(r.getString(1) + " -> " + r.getString(2) + (r.getBoolean(3) ? " (manifest)" : " (blob)"));
        }
      }
      return dangling;
    });
  }
}
