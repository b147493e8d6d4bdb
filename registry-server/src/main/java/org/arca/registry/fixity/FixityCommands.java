package org.arca.registry.fixity;

import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/** The fixity commands of the jar: {@code fsck}, {@code quarantine list} and {@code quarantine release}. */
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
    Check check = context.getBean(Release.class).verifyAndRelease(org.arca.core.Digest.parse(digest), AGENT);
    out.println(check.outcome().failed() ? "still quarantined: " + check.detail()
        : "released " + digest + ": its bytes hash to its digest");
    out.flush();
    return check.outcome().failed() ? 1 : 0;
  }
}
