package org.arca.registry.preservation;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.arca.preservation.archive.ArchiveImporter;
import org.arca.preservation.archive.ExportReport;
import org.arca.preservation.archive.ImportReport;

/**
 * The jar's {@code export} and {@code import} commands: an archival bag written to or read from a directory, on the
 * same data directory and database as the server (running or not), for off-site copies and moving an archive.
 */
public final class PreservationCommands {

  private PreservationCommands() {}

  public static int export(ApplicationContext context, List<String> images, List<String> repositories,
      boolean allDois, Path output, PrintWriter out) throws IOException {
    ExportReport report = context.getBean(Exports.class)
        .export(new Exports.Request(images, repositories, allDois), output);
    out.println("exported " + report.images() + " images (" + report.manifests() + " manifests, " + report.blobs()
        + " blobs, " + report.payloadBytes() + " bytes) to " + report.bag());
    report.dois().forEach(doi -> out.println("  DOI " + doi));
    return 0;
  }

  public static int importBag(ApplicationContext context, Path bag, PrintWriter out) throws IOException {
    ImportReport report = context.getBean(ArchiveImporter.class).importBag(bag);
    out.println("imported " + report.manifests() + " manifests, " + report.blobs() + " blobs, " + report.tags()
        + " tags, " + report.dois() + " DOIs and " + report.provenanceRecords() + " provenance records from " + bag);
    return 0;
  }
}
