package org.arca.registry.gc;

import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;

/** The jar's {@code gc} command: a garbage-collection run (or dry run) in this process, with the server running or not. */
public final class GcCommands {

  private GcCommands() {}

  public static int collect(ApplicationContext context, boolean dryRun, String requestedBy, PrintWriter out) {
    GcRun run = context.getBean(GcRuns.class).runHere(dryRun, requestedBy);
    out.println((dryRun ? "dry run " + run.id() + " (nothing removed) would remove " : "run " + run.id() + " removed ")
        + run.blobsDeleted() + " blobs (" + run.bytesReclaimed() + " bytes), " + run.linksRemoved()
        + " repository links, " + run.uploadsPurged() + " expired uploads, " + run.filesWithoutRow()
        + " blob files without a database row, "
        + run.provenanceRemoved() + " provenance records and " + run.jobsRemoved() + " conversion jobs of images no"
        + " repository holds; kept " + run.blobsPinned() + " pinned blobs (grace period "
        + run.gracePeriodSeconds() + " s)");
    if (run.error() != null) {
      out.println("the run failed: " + run.error());
      return 1;
    }
    return 0;
  }
}
