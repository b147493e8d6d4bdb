package org.arca.preservation.archive;

/** What an import handed to the sink. */
public record ImportReport(int blobs, int manifests, int tags, int dois, int provenanceRecords) {}
