package org.arca.search.index;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.registry.RegistryCatalog;
import org.arca.search.image.ImageKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background indexer. Registry events hand it images to (re)index; it never blocks the caller: work waits in a
 * bounded, coalescing queue (one entry per image, however many events name it) and one thread drains it. When the
 * queue is full, the image's repository is remembered instead and reconciled as a whole once the queue has room, so
 * an overload costs time, never correctness.
 *
 * <p>A rebuild re-reads every repository as a series of small tasks between which queued events are served, so
 * searches and pushes go on while it runs; documents it did not write again (images gone from the registry) are
 * deleted at its end.
 */
public final class SearchIndexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
  private static final int REPOSITORY_PAGE = 100;
  private static final long REFRESH_EVERY_MILLIS = 1_000;
  private static final long COMMIT_EVERY_MILLIS = 30_000;

  private final SearchIndex index;
  private final RegistryCatalog catalog;
  private final IndexUpdater updater;
  private final int capacity;
  private final Object lock = new Object();
  private final Map<ImageKey, Depth> pending = new LinkedHashMap<>();
  private final Set<RepositoryName> overflowed = new LinkedHashSet<>();
  private final ArrayDeque<Task> maintenance = new ArrayDeque<>();
  private final Thread worker;
  private boolean busy;
  private boolean closed;
  private boolean dirty;
  private long indexed;
  private long failed;
  private Rebuild rebuild;
  private long lastRefresh = System.currentTimeMillis();
  private long lastCommit = System.currentTimeMillis();

  public SearchIndexer(SearchIndex index, RegistryCatalog catalog, ImageReader reader, List<IndexEnricher> enrichers,
      int capacity) {
    this.index = index;
    this.catalog = catalog;
    this.updater = new IndexUpdater(index, catalog, reader, enrichers);
    this.capacity = capacity;
    this.worker = new Thread(this::run, "arca-search-indexer");
    this.worker.setDaemon(true);
    this.worker.start();
    if (index.needsRebuild()) {
      LOG.info("search index in {} is new or of another format: rebuilding it from the registry", index.path());
      rebuild();
    }
  }

  /** Queues an image to index; returns at once. */
  public void submit(ImageKey key, Depth depth) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      Depth queued = pending.get(key);
      if (queued != null) {
        pending.put(key, queued.max(depth));
      } else if (pending.size() < capacity) {
        pending.put(key, depth);
      } else {
        overflowed.add(key.repository());
      }
      lock.notifyAll();
    }
  }

  /**
   * Queues a whole repository to be reconciled with the registry: every image it holds is indexed, and documents of
   * images it no longer holds are deleted. For changes made where no event reached this indexer, e.g. by a management
   * command run beside the server.
   */
  public void submitRepository(RepositoryName repository) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      overflowed.add(repository);
      lock.notifyAll();
    }
  }

  /**
   * Writes an image's document again without re-reading its layers: for features whose facts about the image
   * changed (a DOI was minted, the image was vetted), see {@link IndexEnricher}.
   */
  public void refresh(RepositoryName repository, Digest digest) {
    submit(new ImageKey(repository, digest), Depth.REFERENCES);
  }

  /** Starts a rebuild from the registry, or joins the one running. */
  public CompletableFuture<RebuildReport> rebuild() {
    synchronized (lock) {
      if (rebuild != null) {
        return rebuild.done;
      }
      rebuild = new Rebuild();
      maintenance.add(new StartRebuild());
      lock.notifyAll();
      return rebuild.done;
    }
  }

  /**
   * Waits until everything queued so far is indexed and visible to searches.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!idle()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private boolean idle() {
    return pending.isEmpty() && maintenance.isEmpty() && overflowed.isEmpty() && !busy && !dirty;
  }

  public IndexerStatus status() {
    int documents;
    try {
      documents = index.size();
    } catch (IOException e) {
      documents = -1;
    }
    synchronized (lock) {
      return new IndexerStatus(pending.size() + maintenance.size(), rebuild != null, indexed, failed, documents,
          idle());
    }
  }

  private void run() {
    while (true) {
      Task task;
      synchronized (lock) {
        while (!closed && pending.isEmpty() && maintenance.isEmpty() && overflowed.isEmpty()) {
          if (dirty) {
            break;
          }
          lock.notifyAll();
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          lock.notifyAll();
          return;
        }
        task = next();
        busy = task != null;
      }
      if (task != null) {
        try {
          task.run();
          synchronized (lock) {
            indexed += task.images();
          }
        } catch (Throwable e) {
          synchronized (lock) {
            failed++;
          }
          LOG.warn("search indexing of {} failed", task, e);
        }
      }
      settle(task == null);
    }
  }

  /** The next task: queued images first, then repositories that overflowed the queue, then rebuild steps. */
  private Task next() {
    if (!pending.isEmpty()) {
      Iterator<Map.Entry<ImageKey, Depth>> it = pending.entrySet().iterator();
      Map.Entry<ImageKey, Depth> entry = it.next();
      it.remove();
      return new UpdateImage(entry.getKey(), entry.getValue());
    }
    if (!overflowed.isEmpty()) {
      Iterator<RepositoryName> it = overflowed.iterator();
      RepositoryName repository = it.next();
      it.remove();
      return new UpdateRepository(repository);
    }
    return maintenance.poll();
  }

  /** Refreshes searchers and commits: when the queue is drained, and now and then during long work. */
  private void settle(boolean drained) {
    long now = System.currentTimeMillis();
    try {
      synchronized (lock) {
        dirty = true;
        drained = drained || pending.isEmpty() && maintenance.isEmpty() && overflowed.isEmpty();
      }
      if (drained || now - lastRefresh >= REFRESH_EVERY_MILLIS) {
        index.refresh();
        lastRefresh = now;
      }
      if (drained || now - lastCommit >= COMMIT_EVERY_MILLIS) {
        index.commit();
        lastCommit = now;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("search index refresh or commit failed", e);
    } finally {
      synchronized (lock) {
        busy = false;
        if (drained && pending.isEmpty() && maintenance.isEmpty() && overflowed.isEmpty()) {
          dirty = false;
        }
        lock.notifyAll();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    worker.join(Duration.ofSeconds(30).toMillis());
    synchronized (lock) {
      if (rebuild != null) {
        rebuild.done.cancel(false);
      }
    }
  }

  private interface Task {
    void run() throws IOException;

    default int images() {
      return 0;
    }
  }

  private final class UpdateImage implements Task {
    private final ImageKey key;
    private final Depth depth;

    UpdateImage(ImageKey key, Depth depth) {
      this.key = key;
      this.depth = depth;
    }

    @Override
    public void run() throws IOException {
      updater.update(key, depth);
    }

    @Override
    public int images() {
      return 1;
    }

    @Override
    public String toString() {
      return key + " (" + depth + ")";
    }
  }

  private final class UpdateRepository implements Task {
    private final RepositoryName repository;
    private int images;

    UpdateRepository(RepositoryName repository) {
      this.repository = repository;
    }

    @Override
    public void run() throws IOException {
      images = updater.updateRepository(repository);
      synchronized (lock) {
        if (rebuild != null) {
          rebuild.repositories++;
          rebuild.images += images;
        }
      }
    }

    @Override
    public int images() {
      return images;
    }

    @Override
    public String toString() {
      return "repository " + repository;
    }
  }

  private final class Rebuild {
    final CompletableFuture<RebuildReport> done = new CompletableFuture<>();
    final long started = System.currentTimeMillis();
    long epoch;
    int repositories;
    int images;
  }

  private final class StartRebuild implements Task {
    @Override
    public void run() {
      long epoch = index.startEpoch();
      synchronized (lock) {
        rebuild.epoch = epoch;
        maintenance.add(new ListRepositories(null));
      }
    }

    @Override
    public String toString() {
      return "rebuild start";
    }
  }

  /** Lists a page of repositories and queues each, then the next page (or the end of the rebuild). */
  private final class ListRepositories implements Task {
    private final String after;

    ListRepositories(String after) {
      this.after = after;
    }

    @Override
    public void run() {
      List<RepositoryName> page;
      try {
        page = catalog.repositories(after, REPOSITORY_PAGE);
      } catch (RuntimeException e) {
        synchronized (lock) {
          Rebuild failed = rebuild;
          rebuild = null;
          failed.done.completeExceptionally(e);
        }
        throw e;
      }
      synchronized (lock) {
        page.forEach(repository -> maintenance.add(new UpdateRepository(repository)));
        maintenance.add(page.size() == REPOSITORY_PAGE
            ? new ListRepositories(page.get(page.size() - 1).value()) : new FinishRebuild());
      }
    }

    @Override
    public String toString() {
      return "rebuild listing after " + after;
    }
  }

  private final class FinishRebuild implements Task {
    @Override
    public void run() throws IOException {
      Rebuild finished;
      synchronized (lock) {
        finished = rebuild;
      }
      try {
        index.dropOlderEpochs(finished.epoch);
        index.refresh();
        index.commit();
      } catch (IOException | RuntimeException e) {
        synchronized (lock) {
          rebuild = null;
        }
        finished.done.completeExceptionally(e);
        throw e;
      }
      RebuildReport report = new RebuildReport(finished.repositories, finished.images,
          System.currentTimeMillis() - finished.started, finished.epoch);
      LOG.info("search index rebuilt: {} images in {} repositories in {} ms", report.images(), report.repositories(),
          report.millis());
      synchronized (lock) {
        rebuild = null;
      }
      finished.done.complete(report);
    }

    @Override
    public String toString() {
      return "rebuild end";
    }
  }
}
