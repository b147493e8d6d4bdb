package org.arca.preservation.doi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.metadata.Doi;

/** A fake of the server's DOI table. */
public final class InMemoryDoiRecordStore implements DoiRecordStore {
  private final Map<Doi, DoiRecord> records = new LinkedHashMap<>();

  @Override
  public Optional<DoiRecord> find(Doi doi) {
    return Optional.ofNullable(records.get(doi));
  }

  @Override
  public Optional<DoiRecord> forImage(RepositoryName repository, Digest digest) {
    return records.values().stream()
        .filter(r -> r.repository().equals(repository) && digest.equals(r.digest())).findFirst();
  }

  @Override
  public Optional<DoiRecord> concept(RepositoryName repository) {
    return records.values().stream()
        .filter(r -> r.repository().equals(repository) && r.kind() == DoiRecord.Kind.CONCEPT).findFirst();
  }

  @Override
  public List<DoiRecord> versions(RepositoryName repository) {
    return records.values().stream()
        .filter(r -> r.repository().equals(repository) && r.kind() == DoiRecord.Kind.VERSION).toList();
  }

  @Override
  public void save(DoiRecord record) {
    records.put(record.doi(), record);
  }

  public List<DoiRecord> all() {
    return new ArrayList<>(records.values());
  }
}
