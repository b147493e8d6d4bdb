package org.arca.preservation.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.provenance.ProvenanceRecord;

/** A fake import sink that keeps everything it is handed, in order. */
final class RecordingSink implements ImportSink {
  /** Each call as {@code kind repository@digest} (or {@code tag repository:tag@digest}). */
  final List<String> calls = new ArrayList<>();
  final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
  final Map<Digest, byte[]> manifests = new LinkedHashMap<>();
  final Map<String, Digest> tags = new LinkedHashMap<>();
  final List<DoiRecord> dois = new ArrayList<>();
  final List<ProvenanceRecord> provenance = new ArrayList<>();

  @Override
  public void blob(RepositoryName repository, Digest digest, long size, InputStream content) throws IOException {
    byte[] bytes = content.readAllBytes();
    if (bytes.length != size || !Digest.sha256(bytes).equals(digest)) {
      throw new IOException("sink got a blob that does not match " + digest);
    }
    blobs.put(digest, bytes);
    calls.add("blob " + repository + "@" + digest);
  }

  @Override
  public void manifest(RepositoryName repository, Digest digest, String mediaType, byte[] content) {
    manifests.put(digest, content);
    calls.add("manifest " + repository + "@" + digest);
  }

  @Override
  public void tag(RepositoryName repository, String tag, Digest digest) {
    tags.put(repository + ":" + tag, digest);
    calls.add("tag " + repository + ":" + tag);
  }

  @Override
  public void doi(DoiRecord record) {
    dois.add(record);
    calls.add("doi " + record.doi());
  }

  @Override
  public void provenance(ProvenanceRecord record) {
    provenance.add(record);
    calls.add("provenance " + record.subject());
  }

  int firstIndexOf(String prefix) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  int lastIndexOf(String prefix) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (calls.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
