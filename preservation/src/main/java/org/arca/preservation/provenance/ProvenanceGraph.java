package org.arca.preservation.provenance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.arca.core.Digest;

/**
 * Ancestors and descendants of an image, walked breadth first over the {@link ProvenanceStore}. Content addressing
 * makes true cycles impossible, but records come from users' labels, so the walk remembers what it has seen and stops
 * at {@code maxDepth}.
 */
public final class ProvenanceGraph {

  /** One edge reached at {@code depth} (1 for a direct source or derivative). */
  public record Edge(int depth, ProvenanceRecord record) {}

  private final ProvenanceStore store;

  public ProvenanceGraph(ProvenanceStore store) {
    this.store = store;
  }

  /** What {@code digest} was made from, transitively: base images, their bases, sources of SIFs and compositions. */
  public List<Edge> ancestors(Digest digest, int maxDepth) {
    return walk(digest, maxDepth, store::sourcesOf, ProvenanceRecord::source);
  }

  /** What was made from {@code digest}, transitively: images built on it, its SIFs, compositions using its layers. */
  public List<Edge> descendants(Digest digest, int maxDepth) {
    return walk(digest, maxDepth, store::derivativesOf, ProvenanceRecord::subject);
  }

  private static List<Edge> walk(Digest start, int maxDepth, Function<Digest, List<ProvenanceRecord>> next,
      Function<ProvenanceRecord, Digest> onward) {
    List<Edge> edges = new ArrayList<>();
    Set<Digest> seen = new HashSet<>();
    seen.add(start);
    Deque<Digest> frontier = new ArrayDeque<>();
    frontier.add(start);
    for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
      Deque<Digest> following = new ArrayDeque<>();
      for (Digest digest : frontier) {
        for (ProvenanceRecord record : next.apply(digest)) {
          edges.add(new Edge(depth, record));
          Digest further = onward.apply(record);
          if (further != null && seen.add(further)) {
            following.add(further);
          }
        }
      }
      frontier = following;
    }
    return edges;
  }
}
