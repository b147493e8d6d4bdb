package org.arca.registry.fixity;

import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.arca.core.Digest;

/** The fixity commands of the jar: fsck, the quarantine, and repair, the DOI copies report and replication. */
public final class FixityCommands {
  private static final String AGENT = "cli:" + System.getProperty("user.name", "operator");

  private FixityCommands() {}

  /**
   * {@code arca fsck}: runs {@link Fsck} and prints its report for a person or, with {@code --json}, for a script.
   * Returns the exit status: 0 when nothing is left to fix, 1 otherwise.
   */
  public static int fsck(ApplicationContext context, boolean deep, boolean repair, Duration grace, boolean json,
      PrintWriter out) throws IOException {
    Fsck.Report report = context.getBean(Fsck.class).run(new Fsck.Options(deep, repair, grace));
    if (json) {
      out.println(context.getBean(ObjectMapper.class).writeValueAsString(report));
    } else {
      for (Fsck.Problem problem : report.problems()) {
        out.println((problem.repaired() ? "repaired  " : "problem   ") + problem.kind() + "\t" + problem.subject()
            + "\t" + problem.detail());
      }
      long left = report.problems().stream().filter(p -> !p.repaired()).count();
      out.println("checked " + report.blobsChecked() + " blobs" + (deep ? ", re-hashed " + report.bytesHashed()
          + " bytes" : " (sizes only; --deep re-hashes them)") + ": " + (report.clean() ? "clean"
          : left + " problem" + (left == 1 ? "" : "s") + " left"));
    }
    out.flush();
    return report.clean() ? 0 : 1;
  }

  /** {@code arca quarantine list}: one line per withheld blob, with what depends on it. */
  public static int list(ApplicationContext context, PrintWriter out) {
    for (FixityReports.QuarantineEntry entry : context.getBean(FixityReports.class).quarantine()) {
      out.println(entry.blob().digest() + "\tsince " + entry.blob().since() + "\t" + entry.blob().agent() + "\t"
          + entry.blob().reason());
      entry.manifests().forEach(m -> out.println("  manifest " + m.repository() + "@" + m.manifest()));
      entry.dois().forEach(d -> out.println("  doi " + d.doi()));
    }
    out.flush();
    return 0;
  }

  /** {@code arca quarantine release DIGEST}: re-hashes the blob and releases it if it passes (exit 1 if not). */
  public static int release(ApplicationContext context, String digest, PrintWriter out) throws IOException {
    Check check = context.getBean(Release.class).verifyAndRelease(Digest.parse(digest), AGENT);
    out.println(check.outcome().failed() ? "still quarantined: " + check.detail()
        : "released " + digest + ": its bytes hash to its digest");
    out.flush();
    return check.outcome().failed() ? 1 : 0;
  }

  /** {@code arca fixity repair [DIGEST]}: restores the blob, or every quarantined one; exit 1 when one is left. */
  public static int repair(ApplicationContext context, String digest, PrintWriter out) throws IOException {
    Repair repair = context.getBean(Repair.class);
    List<Repair.Result> results = digest == null ? repair.repairQuarantined(AGENT)
        : List.of(repair.repair(Digest.parse(digest), AGENT));
    for (Repair.Result result : results) {
      out.println((result.repaired() ? "repaired  " : "damaged   ") + result.digest() + "\t" + result.detail());
    }
    if (results.isEmpty()) {
      out.println("nothing is quarantined");
    }
    out.flush();
    return results.stream().allMatch(Repair.Result::repaired) ? 0 : 1;
  }

  /** {@code arca fixity dois}: each DOI with its copies, verified or not, and when each was checked. */
  public static int dois(ApplicationContext context, boolean json, PrintWriter out) throws IOException {
    List<FixityReports.DoiCopies> report = context.getBean(FixityReports.class).dois();
    if (json) {
      out.println(context.getBean(ObjectMapper.class).writeValueAsString(report));
    } else {
      for (FixityReports.DoiCopies doi : report) {
        out.println(doi.doi() + "\t" + doi.repository() + "@" + doi.digest() + "\t" + doi.verifiedCopies()
            + " verified cop" + (doi.verifiedCopies() == 1 ? "y" : "ies") + " of " + doi.blobs() + " blobs");
        for (FixityReports.CopyState copy : doi.copies()) {
          out.println("  " + (copy.verified() ? "verified  " : "INCOMPLETE") + "\t" + copy.location() + "\t"
              + copy.blobsVerified() + "/" + doi.blobs() + "\t" + (copy.oldestCheck() == null ? "-"
                  : "oldest check " + copy.oldestCheck()));
        }
      }
    }
    out.flush();
    return 0;
  }

  /** {@code arca fixity replicate}: copies to the replica whatever must have a copy and has none yet. */
  public static int replicate(ApplicationContext context, PrintWriter out) throws Exception {
    if (!context.containsBean(ReplicaCatchUp.class)) {
      out.println("no replica is configured (arca.fixity.replica.backend)");
      out.flush();
      return 1;
    }
    out.println(context.getBean(ReplicaCatchUp.class).copyAll());
    out.flush();
    return 0;
  }
}
