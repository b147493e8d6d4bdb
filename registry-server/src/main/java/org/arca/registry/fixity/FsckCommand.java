package org.arca.registry.fixity;

import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/** {@code arca fsck}: runs {@link Fsck} and prints its report for a person or, with {@code --json}, for a script. */
public final class FsckCommand {
  private FsckCommand() {}

  /** Returns the exit status: 0 when nothing is left to fix, 1 otherwise. */
  public static int run(ApplicationContext context, boolean deep, boolean repair, Duration grace, boolean json,
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
}
