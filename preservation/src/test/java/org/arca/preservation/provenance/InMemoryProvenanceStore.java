package org.arca.preservation.provenance;

import java.util.ArrayList;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/** A fake of the server's provenance table. */
public final class InMemoryProvenanceStore implements ProvenanceStore {
  private final List<ProvenanceRecord> records = new ArrayList<>();

  @Override
  public void record(ProvenanceRecord record) {
    if (records.stream().noneMatch(record::sameEdge)) {
      records.add(record);
    }
  }

  @Override
  public List<ProvenanceRecord> sourcesOf(Digest digest) {
    return records.stream().filter(r -> r.subject().equals(digest)).toList();
  }

  @Override
  public List<ProvenanceRecord> derivativesOf(Digest digest) {
    return records.stream().filter(r -> digest.equals(r.source())).toList();
  }

  @Override
  public void forget(RepositoryName repository, Digest subject) {
    records.removeIf(r -> r.repository().equals(repository) && r.subject().equals(subject));
  }

  public List<ProvenanceRecord> all() {
    return List.copyOf(records);
  }
}
