package org.arca.search.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.arca.core.RepositoryName;
import org.arca.search.image.ImageKey;
import org.arca.search.image.ImageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index on disk: one writer, and a {@link SearcherManager} that serves near-real-time searchers while the
 * writer works. Each commit records the index format version and the rebuild epoch in its user data; an index of
 * another format is discarded when opened and {@link #needsRebuild()} says so.
 *
 * <p>Writes come from one thread (the indexer); searches from any.
 */
public final class SearchIndex implements Closeable {
  /** Bump when documents change shape (fields, analysis): an index of another version is rebuilt from the registry. */
  public static final int FORMAT_VERSION = 4; // 2: the withdrawn field; 3: history and recipes in one field;
  // 4: the DOI and its cited tag stored for hits
  static final String FORMAT_KEY = "arca.search.format";
  static final String EPOCH_KEY = "arca.search.epoch";
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
  /** The fields the indexer's {@link #ids} look-ups query. */
  private static final List<String> LOOKUP_FIELDS = List.of(SearchFields.CHILD, SearchFields.REFERRER);

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  /**
   * The indexer's own look-ups (a stored document, a parent index), which must see its own writes. Reopening a
   * searcher flushes a segment, and doing that before every look-up made indexing crawl (docs/search.md), so a
   * look-up reopens only when what was written since the last reopen could change its answer; see {@link #written}.
   */
  private final SearcherManager lookups;
  /** Ids written (a stored document) or deleted (empty) since {@link #lookups} last reopened. */
  private final Map<String, Optional<StoredImage>> written = new HashMap<>();
  /** {@code field=value} of the look-up fields (child, referrer) in documents written since the last reopen. */
  private final Set<String> writtenTerms = new HashSet<>();
  private boolean deletedByQuery;
  private final FacetsConfig facetsConfig = DocumentBuilder.facetsConfig();
  private final DocumentBuilder documents = new DocumentBuilder(facetsConfig);
  private final boolean needsRebuild;
  private final AtomicBoolean uncommitted = new AtomicBoolean();
  private volatile long epoch;

  private SearchIndex(Path path, Directory directory, IndexWriter writer, boolean needsRebuild, long epoch)
      throws IOException {
    this.path = path;
    this.directory = directory;
    this.writer = writer;
    this.needsRebuild = needsRebuild;
    this.epoch = epoch;
    this.searchers = new SearcherManager(writer, FacetedSearcher.factory(facetsConfig));
    this.lookups = new SearcherManager(writer, null);
  }

  /** Opens (or creates) the index in {@code path}. */
  public static SearchIndex open(Path path) throws IOException {
    Files.createDirectories(path);
    Directory directory = FSDirectory.open(path);
    boolean rebuild = true;
    long epoch = 0;
    IndexWriterConfig.OpenMode mode = IndexWriterConfig.OpenMode.CREATE;
    if (DirectoryReader.indexExists(directory)) {
      Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
      if (String.valueOf(FORMAT_VERSION).equals(data.get(FORMAT_KEY))) {
        mode = IndexWriterConfig.OpenMode.APPEND;
        rebuild = false;
        epoch = Long.parseLong(data.getOrDefault(EPOCH_KEY, "0"));
      } else {
        LOG.info("search index in {} has format {}, this version writes {}: it is rebuilt from the registry",
            path, data.getOrDefault(FORMAT_KEY, "(none)"), FORMAT_VERSION);
      }
    }
    IndexWriterConfig config = new IndexWriterConfig(Analyzers.perField())
        .setOpenMode(mode)
        .setRAMBufferSizeMB(32)
        .setCommitOnClose(false);
    IndexWriter writer = new IndexWriter(directory, config);
    SearchIndex index = new SearchIndex(path, directory, writer, rebuild, epoch);
    index.uncommitted.set(true);
    index.commit(); // record the format at once, so a crash before the first image does not leave an unversioned index
    return index;
  }

  /** Whether the index was created or discarded on open and must be filled from the registry. */
  public boolean needsRebuild() {
    return needsRebuild;
  }

  public Path path() {
    return path;
  }

  public FacetsConfig facetsConfig() {
    return facetsConfig;
  }

  public long epoch() {
    return epoch;
  }

  /** Starts a rebuild: documents written from now on carry the new epoch; older ones go at {@link #dropOlderEpochs}. */
  long startEpoch() {
    epoch = epoch + 1;
    return epoch;
  }

  void put(ImageRecord image) throws IOException {
    Document doc = documents.build(image, epoch);
    writer.updateDocument(new Term(SearchFields.ID, image.key().id()), doc);
    synchronized (written) {
      written.put(image.key().id(), Optional.of(StoredImage.fromBytes(
          BytesRef.deepCopyOf(doc.getBinaryValue(SearchFields.SOURCE)).bytes)));
      for (String field : LOOKUP_FIELDS) {
        for (IndexableField value : doc.getFields(field)) {
          writtenTerms.add(field + "=" + value.stringValue());
        }
      }
    }
    uncommitted.set(true);
  }

  void delete(ImageKey key) throws IOException {
    writer.deleteDocuments(new Term(SearchFields.ID, key.id()));
    synchronized (written) {
      written.put(key.id(), Optional.empty());
    }
    uncommitted.set(true);
  }

  /**
   * Deletes the documents of a repository other than {@code kept} (ids). A delete by query applies to everything
   * written before it, searchable yet or not, so no refresh is needed to find them.
   */
  void deleteOthers(RepositoryName repository, Collection<String> kept) throws IOException {
    BooleanQuery.Builder query = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(SearchFields.REPOSITORY, repository.value())), BooleanClause.Occur.FILTER);
    if (!kept.isEmpty()) {
      query.add(new TermInSetQuery(SearchFields.ID, kept.stream().map(BytesRef::new).toList()),
          BooleanClause.Occur.MUST_NOT);
    }
    writer.deleteDocuments(query.build());
    deletedByQuery();
  }

  /** Deletes what a rebuild did not write again: images that are no longer in the registry. */
  void dropOlderEpochs(long current) throws IOException {
    writer.deleteDocuments(LongPoint.newRangeQuery(SearchFields.EPOCH, Long.MIN_VALUE, current - 1));
    deletedByQuery();
  }

  private void deletedByQuery() {
    synchronized (written) {
      deletedByQuery = true;
    }
    uncommitted.set(true);
  }

  /** The stored part of an indexed image, as last written. */
  Optional<StoredImage> stored(ImageKey key) throws IOException {
    synchronized (written) {
      Optional<StoredImage> recent = written.get(key.id());
      if (recent != null) {
        return recent;
      }
      if (deletedByQuery) {
        reopenLookups();
      }
    }
    // not written since the last reopen, and nothing deleted by query since: that searcher's copy is current
    IndexSearcher searcher = lookups.acquire();
    try {
      TopDocs top = searcher.search(new TermQuery(new Term(SearchFields.ID, key.id())), 1);
      if (top.scoreDocs.length == 0) {
        return Optional.empty();
      }
      Document doc = searcher.storedFields().document(top.scoreDocs[0].doc);
      BytesRef source = doc.getBinaryValue(SearchFields.SOURCE);
      return source == null ? Optional.empty() : Optional.of(StoredImage.fromBytes(BytesRef.deepCopyOf(source).bytes));
    } finally {
      lookups.release(searcher);
    }
  }

  /**
   * Ids of the documents a query on the look-up fields matches, as last written (for the indexer's own look-ups).
   * The last reopened searcher answers unless a document written since holds one of the query's terms, or a
   * document it names has changed since, or something was deleted by query.
   */
  List<String> ids(Query query, int max) throws IOException {
    synchronized (written) {
      if (deletedByQuery || touchesWrittenTerms(query)) {
        reopenLookups();
      }
    }
    List<String> ids = matching(query, max);
    synchronized (written) {
      if (ids.stream().anyMatch(written::containsKey)) {
        reopenLookups();
      } else {
        return ids;
      }
    }
    return matching(query, max);
  }

  private boolean touchesWrittenTerms(Query query) {
    Set<Term> terms = new HashSet<>();
    query.visit(QueryVisitor.termCollector(terms));
    return terms.stream().anyMatch(term -> writtenTerms.contains(term.field() + "=" + term.text()));
  }

  /** Reopens the look-up searcher, so that it sees everything written; call holding {@link #written}. */
  private void reopenLookups() throws IOException {
    lookups.maybeRefreshBlocking();
    written.clear();
    writtenTerms.clear();
    deletedByQuery = false;
  }

  private List<String> matching(Query query, int max) throws IOException {
    IndexSearcher searcher = lookups.acquire();
    try {
      int count = searcher.count(query);
      if (count == 0) {
        return List.of();
      }
      TopDocs top = searcher.search(query, Math.min(max, count));
      List<String> ids = new ArrayList<>();
      for (ScoreDoc hit : top.scoreDocs) {
        ids.add(searcher.storedFields().document(hit.doc, java.util.Set.of(SearchFields.ID)).get(SearchFields.ID));
      }
      return ids;
    } finally {
      lookups.release(searcher);
    }
  }

  /** Makes what was written visible to searches (and to the indexer's look-ups, which keeps their notes short). */
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
    synchronized (written) {
      reopenLookups();
    }
  }

  /** Makes what was written durable, with the format version and epoch. */
  public synchronized void commit() throws IOException {
    if (!uncommitted.getAndSet(false)) {
      return;
    }
    Map<String, String> data = new HashMap<>();
    data.put(FORMAT_KEY, String.valueOf(FORMAT_VERSION));
    data.put(EPOCH_KEY, String.valueOf(epoch));
    writer.setLiveCommitData(data.entrySet());
    writer.commit();
  }

  /** A searcher for queries; give it back with {@link #release}. */
  public FacetedSearcher acquire() throws IOException {
    return (FacetedSearcher) searchers.acquire();
  }

  public void release(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  /** Number of images in the index as the current searcher sees it. */
  public int size() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      commit();
    } finally {
      searchers.close();
      lookups.close();
      writer.close();
      directory.close();
    }
  }
}
