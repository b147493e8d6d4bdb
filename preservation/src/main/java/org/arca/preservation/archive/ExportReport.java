package org.arca.preservation.archive;

import java.nio.file.Path;
import java.util.List;
import org.arca.preservation.metadata.Doi;

/** What an export wrote: the bag and how much went into it. */
public record ExportReport(Path bag, int images, int manifests, int blobs, long payloadBytes, List<Doi> dois) {

  public ExportReport {
    dois = List.copyOf(dois);
  }
}
