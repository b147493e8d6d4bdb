package org.arca.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.arca.core.image.ImageLabels;
import org.arca.core.search.ImageSearch;

/**
 * Where an image comes from and what was built on it, laid out as a picture the page draws as inline SVG: the base
 * image (its {@code org.opencontainers.image.base.name}) on the left, the image in the middle, the images whose
 * recipes or annotations name it as their base on the right. Coordinates are computed here so the template only
 * places boxes; all text goes into the SVG through the template, escaped.
 */
final class Provenance {
  static final int MAX_DERIVED = 6;
  private static final int BOX_WIDTH = 220;
  private static final int BOX_HEIGHT = 40;
  private static final int ROW = 52;
  private static final int COLUMN = 250;
  private static final int LABEL_CHARS = 30;

  private final List<Map<String, Object>> boxes = new ArrayList<>();
  private final List<Map<String, Object>> edges = new ArrayList<>();
  private int height;

  private Provenance() {}

  /**
   * @param imagePath the page of a repository's tag or digest
   */
  static Provenance of(ImageDetails image, List<ImageSearch.Hit> derived,
      BiFunction<String, String, String> imagePath) {
    Provenance picture = new Provenance();
    int rows = Math.max(1, derived.size());
    picture.height = rows * ROW + 12;
    int middle = (picture.height - BOX_HEIGHT) / 2;
    String base = ImageLabels.value(image.labels(), ImageLabels.BASE_NAME).orElse(null);
    if (base != null) {
      picture.box(0, middle, "base", base, null);
      picture.edge(BOX_WIDTH, middle + BOX_HEIGHT / 2, COLUMN, middle + BOX_HEIGHT / 2);
    }
    String name = image.repository().value() + (image.tags().isEmpty() ? "@" + image.digest().shortHex()
        : ":" + image.tags().get(0));
    picture.box(COLUMN, middle, "this", name, null);
    for (int i = 0; i < derived.size(); i++) {
      ImageSearch.Hit hit = derived.get(i);
      int y = 6 + i * ROW;
      String reference = hit.tag() == null ? hit.digest() : hit.tag();
      picture.box(2 * COLUMN, y, "derived", hit.repository() + (hit.tag() == null ? "@" : ":") + reference,
          imagePath.apply(hit.repository(), reference));
      picture.edge(COLUMN + BOX_WIDTH, middle + BOX_HEIGHT / 2, 2 * COLUMN, y + BOX_HEIGHT / 2);
    }
    return picture;
  }

  private void box(int x, int y, String role, String name, String href) {
    Map<String, Object> box = new HashMap<>();
    box.put("x", x);
    box.put("y", y);
    box.put("textX", x + 10);
    box.put("textY", y + 25);
    box.put("role", role);
    box.put("name", name);
    box.put("label", name.length() <= LABEL_CHARS ? name : name.substring(0, LABEL_CHARS - 1) + "…");
    box.put("href", href);
    boxes.add(box);
  }

  private void edge(int x1, int y1, int x2, int y2) {
    edges.add(Map.of("x1", x1, "y1", y1, "x2", x2, "y2", y2));
  }

  /** What the template draws; the base and derived lists also give the picture's text alternative. */
  Map<String, Object> asModel() {
    Map<String, Object> model = new HashMap<>();
    model.put("boxes", boxes);
    model.put("edges", edges);
    model.put("width", 2 * COLUMN + BOX_WIDTH + 2);
    model.put("height", height);
    model.put("base", boxes.stream().filter(b -> "base".equals(b.get("role"))).map(b -> b.get("name")).findFirst()
        .orElse(null));
    model.put("derived", boxes.stream().filter(b -> "derived".equals(b.get("role"))).toList());
    return model;
  }
}
