package org.arca.preservation.provenance;

import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * Where provenance records are kept. The server implements it with a database table (one row per record, indexed by
 * subject and by source digest). Records are facts about immutable content and are never updated.
 */
public interface ProvenanceStore {

  /** Adds a record unless one with the same edge ({@link ProvenanceRecord#sameEdge}) exists. */
  void record(ProvenanceRecord record);

  /** Records whose subject is {@code digest}: what it was made from. */
  List<ProvenanceRecord> sourcesOf(Digest digest);

  /** Records whose source is {@code digest}: what was made from it. */
  List<ProvenanceRecord> derivativesOf(Digest digest);

  /**
   * Drops the records whose subject is {@code subject} in {@code repository}: the manifest was deleted there, and a
   * graph must not show an image that is gone. Pushed again (a restore), its records are read from it again.
   */
  void forget(RepositoryName repository, Digest subject);
}
