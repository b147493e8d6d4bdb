package org.arca.search.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.arca.core.image.LayerCompression;

/**
 * Applies an image's layers in order, as a container runtime would unpack them, while keeping only the facts about
 * the few files search reads: a later layer's file replaces an earlier one, a whiteout ({@code .wh.name}) deletes a
 * path and everything under it, an opaque whiteout ({@code .wh..wh..opq}) empties a directory of what lower layers put
 * there. Layers are streamed entry by entry; nothing but the facts is kept.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#whiteouts">whiteouts</a>
 */
public final class ImageFilesystem {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  /** Opens one layer's blob in order. */
  @FunctionalInterface
  public interface LayerSource {
    InputStream open() throws IOException;
  }

  private final FileFactReader reader;
  private final Map<String, FileFact> facts = new LinkedHashMap<>();
  private final long maxBytes;
  private long bytesRead;
  private boolean truncated;

  /** @param maxBytes how many uncompressed layer bytes to read at most; the rest of the image is left unread */
  public ImageFilesystem(FileFactReader reader, long maxBytes) {
    this.reader = reader;
    this.maxBytes = maxBytes;
  }

  /** Applies the next layer on top of those applied so far. */
  public void apply(LayerSource layer) throws IOException {
    if (truncated) {
      return;
    }
    Map<String, FileFact> added = new HashMap<>();
    Set<String> removed = new HashSet<>();
    Set<String> opaque = new HashSet<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(LayerCompression.decompress(layer.open()))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        bytesRead += 512 + entry.getSize();
        if (bytesRead > maxBytes) {
          truncated = true;
          break;
        }
        String path = normalize(entry.getName());
        if (path.isEmpty()) {
          continue;
        }
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        String base = path.substring(slash + 1);
        if (base.equals(OPAQUE)) {
          opaque.add(dir);
        } else if (base.startsWith(WHITEOUT)) {
          removed.add(dir.isEmpty() ? base.substring(WHITEOUT.length()) : dir + "/" + base.substring(WHITEOUT.length()));
        } else if (entry.isFile() && !entry.isLink() && reader.wants(path)) {
          FileFact fact = reader.read(path, tar, entry.getSize());
          if (fact != null) {
            added.put(path, fact);
          } else {
            removed.add(path);
          }
        } else if (facts.containsKey(path)) {
          removed.add(path); // replaced by something search does not read (a link, a directory, an unread file)
        }
      }
    }
    for (String dir : opaque) {
      removeUnder(dir, false);
    }
    for (String path : removed) {
      removeUnder(path, true);
    }
    facts.putAll(added);
  }

  /** The facts of the files present after the layers applied so far, by path. */
  public Map<String, FileFact> facts() {
    return facts;
  }

  public List<FileFact> factList() {
    return new ArrayList<>(facts.values());
  }

  /** Whether the byte cap stopped the scan before the last layer's end. */
  public boolean truncated() {
    return truncated;
  }

  private void removeUnder(String path, boolean includingItself) {
    String prefix = path.isEmpty() ? "" : path + "/";
    for (Iterator<String> it = facts.keySet().iterator(); it.hasNext(); ) {
      String key = it.next();
      if (includingItself && key.equals(path) || key.startsWith(prefix)) {
        it.remove();
      }
    }
  }

  /** A tar member name as a path relative to the root: no leading {@code ./} or {@code /}, no trailing slash. */
  static String normalize(String name) {
    String path = name;
    while (path.startsWith("./") || path.startsWith("/")) {
      path = path.startsWith("./") ? path.substring(2) : path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.equals(".") ? "" : path;
  }
}
