package org.arca.registry.retention;

import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.registry.RegistryWriter;
import org.arca.registry.testing.TestImages;

/**
 * Planning retention over many tags, timed: a main, not a test (registry-server/bench/retention-plan.sh runs it).
 * It pushes {@code repositories × tags} images through the registry's own write path into a fresh H2 data directory
 * (or the PostgreSQL of {@code datasources.default.*} system properties), declares a policy over all of them, and
 * prints how long each of three plans takes.
 */
public final class RetentionPlanningBench {
  private RetentionPlanningBench() {}

  public static void main(String[] args) throws Exception {
    int repositories = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int tags = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path data = Files.createTempDirectory("arca-retention-bench");
    try (ApplicationContext context = ApplicationContext.builder().banner(false)
        .properties(Map.of("arca.data-dir", data.toString(), "arca.converter.enabled", "false",
            "arca.search.enabled", "false", "arca.jobs.enabled", "false", "micronaut.server.port", "-1",
            "logger.levels.root", "WARN"))
        .start()) {
      RegistryWriter writer = context.getBean(RegistryWriter.class);
      byte[] layer = TestImages.randomBytes(4096);
      byte[] config = TestImages.config("amd64");
      long started = System.nanoTime();
      for (int r = 0; r < repositories; r++) {
        RepositoryName repository = RepositoryName.parse("bench/r" + r);
        writer.pushBlob(repository, Digest.sha256(layer), new ByteArrayInputStream(layer));
        writer.pushBlob(repository, Digest.sha256(config), new ByteArrayInputStream(config));
        for (int t = 0; t < tags; t++) {
          byte[] manifest = TestImages.manifest(MediaTypes.OCI_MANIFEST,
              new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length),
              List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(layer), layer.length)), null, null,
              TestImages.annotations("n", r + "/" + t));
          writer.pushManifest(repository, "v" + t, manifest, MediaTypes.OCI_MANIFEST, "bench");
        }
      }
      System.out.printf("pushed %d tags in %d repositories in %.1f s%n", repositories * tags, repositories,
          (System.nanoTime() - started) / 1e9);
      context.getBean(RetentionStore.class).addPolicy(new org.arca.core.Glob("bench/**"),
          List.of(new org.arca.preservation.retention.Rule.KeepMostRecentlyPushed(10),
              new org.arca.preservation.retention.Rule.RemoveTags(new org.arca.core.Glob("v1?"))),
          "bench", java.time.Instant.now());
      RetentionRuns runs = context.getBean(RetentionRuns.class);
      RetentionStore store = context.getBean(RetentionStore.class);

      JdbcRetentionInventory inventory = context.getBean(JdbcRetentionInventory.class);
      long begin = System.nanoTime();
      int read = 0;
      for (RepositoryName repository : inventory.repositories()) {
        read += inventory.contents(repository).tags().size();
      }
      System.out.printf("reading the inventory of %d tags: %.2f s%n", read, (System.nanoTime() - begin) / 1e9);
      begin = System.nanoTime();
      var items = new org.arca.preservation.retention.RetentionPlanner(inventory,
          context.getBean(RetentionProtections.class).snapshot(), java.time.Clock.systemUTC())
          .plan(store.policies());
      System.out.printf("reading and deciding (no saving): %.2f s (%d items)%n", (System.nanoTime() - begin) / 1e9,
          items.size());
      for (int i = 1; i <= 3; i++) {
        begin = System.nanoTime();
        RetentionStore.Plan plan = runs.plan("bench", null);
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("plan %d over %d tags: %.2f s (%d items)%n", i, repositories * tags, seconds,
            store.items(plan.id()).size());
      }
    }
  }
}
