package org.arca.core.registry;

import java.time.Instant;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * A repository's tags as a table: filtered by a part of their name, sorted by name or by when they were pushed, one
 * page at a time (repositories hold thousands of tags). The registry implements it over its tag table; the web
 * interface's repository page and {@code GET /api/v1/repositories/{name}/tags} both read it.
 */
public interface TagListing {

  /**
   * The tags of {@code repository} whose name contains {@code filter} (any case; blank for all), in {@code order},
   * skipping {@code offset} and returning at most {@code limit}.
   */
  TagTable tags(RepositoryName repository, String filter, Order order, int offset, int limit);

  /** How the tags are sorted. */
  enum Order {
    /** By name, case-insensitively, as the OCI tag list is. */
    NAME,
    /** The most recently pushed (or moved) first. */
    PUSHED
  }

  /** One page of tags and how many tags match the filter in all. */
  record TagTable(long total, List<TagRow> rows) {
    public TagTable {
      rows = List.copyOf(rows);
    }
  }

  /**
   * One tag.
   *
   * @param size bytes of the image: its config and layers, and for an index those of every platform
   * @param architectures the platforms' architectures ({@code amd64}, {@code arm64/v8}); empty when unknown
   * @param pushedAt when the tag was last pointed at its manifest
   */
  record TagRow(String tag, Digest digest, String mediaType, long size, List<String> architectures,
      Instant pushedAt) {
    public TagRow {
      architectures = List.copyOf(architectures);
    }
  }
}
