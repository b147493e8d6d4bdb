package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.image.OciJson;
import org.arca.core.job.JobHandler;
import org.arca.core.job.PermanentJobFailure;
import org.arca.preservation.archive.ArchiveException;
import org.arca.preservation.archive.ExportReport;
import org.arca.registry.config.ArcaConfiguration;

/**
 * Runs archival exports asked for through the API as background jobs, since a bag of many images takes minutes: each
 * writes its bag into {@code <data-dir>/exports/<id>}, from where it is downloaded as a tar stream. A bag that failed
 * its fixity check is not retried: the stored content itself is at fault and a curator must look.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class ExportJobs implements JobHandler {
  public static final String KIND = "preservation-export";
  private final Exports exports;
  private final Path root;

  public ExportJobs(Exports exports, ArcaConfiguration config) {
    this.exports = exports;
    this.root = config.dataDir().resolve("exports");
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int maxAttempts() {
    return 2;
  }

  @Override
  public String run(String id, String payload) throws Exception {
    Path bag = bag(id);
    // a retry after a crash: start the bag afresh rather than trust a half-written one
    deleteBag(id);
    Exports.Request request = Exports.Request.parse(OciJson.MAPPER.readTree(payload));
    ExportReport report;
    try {
      report = exports.export(request, bag);
    } catch (ArchiveException | RegistryException e) {
      throw new PermanentJobFailure("export " + id + ": " + e.getMessage(), e);
    }
    ObjectNode result = OciJson.MAPPER.createObjectNode();
    result.put("images", report.images());
    result.put("manifests", report.manifests());
    result.put("blobs", report.blobs());
    result.put("payloadBytes", report.payloadBytes());
    Exports.names(report).forEach(result.putArray("dois")::add);
    return OciJson.MAPPER.writeValueAsString(result);
  }

  /** Removes export {@code id}'s bag, if there is one. */
  void deleteBag(String id) throws IOException {
    Path bag = bag(id);
    if (Files.exists(bag)) {
      try (var files = Files.walk(bag)) {
        for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** Where export {@code id}'s bag lies. */
  Path bag(String id) {
    if (!id.matches("[a-z0-9-]{1,64}")) {
      throw new RegistryException(OciError.NAME_INVALID, "invalid export id '" + id + "'");
    }
    return root.resolve(id);
  }
}
