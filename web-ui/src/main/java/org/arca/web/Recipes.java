package org.arca.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;

/**
 * The build recipe of an image (a Dockerfile or Singularity definition attached as a referrer, as docs/search.md
 * describes), split into lines of marked spans so the page highlights it with CSS alone. Spans hold plain text that
 * the template escapes; nothing here writes HTML.
 */
final class Recipes {
  /** Recipes are small files; a bigger one is linked, not shown. */
  static final int MAX_SHOWN_BYTES = 256 * 1024;

  private static final Set<String> DOCKERFILE_INSTRUCTIONS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV",
      "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER",
      "VOLUME", "WORKDIR");
  private static final Pattern INSTRUCTION = Pattern.compile("^(\\s*)([A-Za-z]+)(\\s.*)?$");
  private static final Pattern SINGULARITY_HEADER = Pattern.compile("^(\\s*)([A-Za-z]+\\s*:)(.*)$");
  private static final Pattern SINGULARITY_SECTION = Pattern.compile("^(\\s*)(%[A-Za-z]+)(.*)$");

  private Recipes() {}

  /**
   * One highlighted piece of a line.
   *
   * @param kind the CSS class: {@code keyword}, {@code comment}, {@code section} or empty for plain text
   */
  record Span(String kind, String text) {}

  /** A recipe ready to show: its kind, the referrer it came from, and its lines. */
  record Recipe(String kind, String fileName, String digest, List<List<Span>> lines) {}

  /** The newest recipe attached to {@code image} that is plain text of a shown size; empty when there is none. */
  static Optional<Recipe> of(RegistryCatalog catalog, BlobStore blobs, RepositoryName repository, Digest image) {
    List<Descriptor> recipes = catalog.referrers(repository, image, null).stream()
        .filter(d -> d.artifactType() != null && d.artifactType().startsWith(ImageReferrers.RECIPE_TYPE_PREFIX))
        .toList();
    for (int i = recipes.size() - 1; i >= 0; i--) {
      Optional<Recipe> recipe = read(catalog, blobs, repository, recipes.get(i));
      if (recipe.isPresent()) {
        return recipe;
      }
    }
    return Optional.empty();
  }

  private static Optional<Recipe> read(RegistryCatalog catalog, BlobStore blobs, RepositoryName repository,
      Descriptor referrer) {
    Optional<StoredManifest> stored = catalog.manifest(repository, referrer.digest());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Manifest manifest = stored.get().parse();
    if (manifest.layers().isEmpty() || manifest.layers().get(0).size() > MAX_SHOWN_BYTES) {
      return Optional.empty();
    }
    Descriptor layer = manifest.layers().get(0);
    String text;
    try (InputStream in = blobs.open(layer.digest())) {
      text = new String(in.readNBytes(MAX_SHOWN_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("read the recipe " + layer.digest(), e);
    }
    if (text.indexOf('\0') >= 0) {
      return Optional.empty(); // packed (tar or gzip): /v2/ serves it, the page does not unpack it
    }
    String fileName = layer.annotations() == null ? null : layer.annotations().get("org.opencontainers.image.title");
    String kind = kind(referrer.artifactType(), fileName, text);
    return Optional.of(new Recipe(kind, fileName, referrer.digest().toString(), highlight(kind, text)));
  }

  private static String kind(String artifactType, String fileName, String text) {
    String name = fileName == null ? "" : fileName.toLowerCase(java.util.Locale.ROOT);
    if (artifactType.contains("singularity") || name.endsWith(".def")
        || text.stripLeading().toLowerCase(java.util.Locale.ROOT).startsWith("bootstrap:")) {
      return "Singularity definition";
    }
    if (artifactType.contains("dockerfile") || name.contains("dockerfile") || name.contains("containerfile")) {
      return "Dockerfile";
    }
    if (artifactType.contains("conda")) {
      return "Conda environment";
    }
    if (artifactType.contains("requirements")) {
      return "pip requirements";
    }
    return "Recipe";
  }

  /** Lines of spans: comments, Dockerfile instructions, Singularity header keys and {@code %sections}. */
  static List<List<Span>> highlight(String kind, String text) {
    List<List<Span>> lines = new ArrayList<>();
    for (String line : text.split("\r?\n", -1)) {
      lines.add(line(kind, line));
    }
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static List<Span> line(String kind, String line) {
    if (line.isEmpty()) {
      return List.of();
    }
    if (line.stripLeading().startsWith("#")) {
      return List.of(new Span("comment", line));
    }
    Matcher m;
    if ("Dockerfile".equals(kind) && (m = INSTRUCTION.matcher(line)).matches()
        && DOCKERFILE_INSTRUCTIONS.contains(m.group(2).toUpperCase(java.util.Locale.ROOT))) {
      return spans(m, "keyword");
    }
    if ("Singularity definition".equals(kind)) {
      if ((m = SINGULARITY_SECTION.matcher(line)).matches()) {
        return spans(m, "section");
      }
      if ((m = SINGULARITY_HEADER.matcher(line)).matches() && m.group(1).isEmpty()) {
        return spans(m, "keyword");
      }
    }
    return List.of(new Span("", line));
  }

  private static List<Span> spans(Matcher m, String kind) {
    List<Span> spans = new ArrayList<>();
    if (!m.group(1).isEmpty()) {
      spans.add(new Span("", m.group(1)));
    }
    spans.add(new Span(kind, m.group(2)));
    if (m.group(3) != null && !m.group(3).isEmpty()) {
      spans.add(new Span("", m.group(3)));
    }
    return spans;
  }
}
