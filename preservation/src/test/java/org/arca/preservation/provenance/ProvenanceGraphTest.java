package org.arca.preservation.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.junit.jupiter.api.Test;

class ProvenanceGraphTest {
  private static final RepositoryName REPO = RepositoryName.parse("lab/images");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private final InMemoryProvenanceStore store = new InMemoryProvenanceStore();
  private final ProvenanceGraph graph = new ProvenanceGraph(store);

  private static Digest d(String name) {
    return Digest.sha256(name.getBytes());
  }

  private void edge(String subject, ProvenanceRecord.Relation relation, String source) {
    store.record(new ProvenanceRecord(REPO, d(subject), relation, d(source), source, ProvenanceRecord.Origin.LABEL,
        null, T));
  }

  @Test
  void chainOfBases_ancestorsAreListedNearestFirstWithDepth() {
    edge("app", ProvenanceRecord.Relation.BASE_IMAGE, "python");
    edge("python", ProvenanceRecord.Relation.BASE_IMAGE, "debian");
    edge("app-sif", ProvenanceRecord.Relation.CONVERTED_FROM, "app");
    List<ProvenanceGraph.Edge> ancestors = graph.ancestors(d("app-sif"), 10);
    assertEquals(List.of("app", "python", "debian"), ancestors.stream().map(e -> e.record().sourceName()).toList());
    assertEquals(List.of(1, 2, 3), ancestors.stream().map(ProvenanceGraph.Edge::depth).toList());
  }

  @Test
  void descendants_includeImagesBuiltOnItSifsAndCompositions() {
    edge("python", ProvenanceRecord.Relation.BASE_IMAGE, "debian");
    edge("r", ProvenanceRecord.Relation.BASE_IMAGE, "debian");
    edge("python-sif", ProvenanceRecord.Relation.CONVERTED_FROM, "python");
    edge("combo", ProvenanceRecord.Relation.COMPOSED_FROM, "r");
    List<Digest> descendants = graph.descendants(d("debian"), 10).stream().map(e -> e.record().subject()).toList();
    assertEquals(List.of(d("python"), d("r"), d("python-sif"), d("combo")), descendants);
  }

  @Test
  void depthLimit_stopsTheWalk() {
    edge("a", ProvenanceRecord.Relation.BASE_IMAGE, "b");
    edge("b", ProvenanceRecord.Relation.BASE_IMAGE, "c");
    assertEquals(1, graph.ancestors(d("a"), 1).size());
  }

  @Test
  void cycleFromWrongLabels_terminates() {
    edge("a", ProvenanceRecord.Relation.BASE_IMAGE, "b");
    edge("b", ProvenanceRecord.Relation.BASE_IMAGE, "a");
    assertEquals(2, graph.ancestors(d("a"), 100).size());
  }
}
