package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.archive.ArchiveExporter;
import org.arca.preservation.archive.ExportReport;
import org.arca.preservation.archive.ImageSelection;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.metadata.Doi;

/**
 * What an archival export takes, by the three ways curators ask: images ({@code repository:tag} or
 * {@code repository@digest}), whole repositories (every tagged or cited image, and every untagged one that is
 * neither an index's child nor a referrer, which travel with their parents), and all DOI'd content. The engine adds
 * each image's children, referrers (SIFs, statements, signatures), DOIs and provenance.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class Exports {
  private final RegistryCatalog catalog;
  private final JdbcDoiRecordStore dois;
  private final ArchiveExporter exporter;

  /** What to export; the lists may be empty, {@code allDois} adds every image with a version DOI. */
  public record Request(List<String> images, List<String> repositories, boolean allDois) {
    public Request {
      images = images == null ? List.of() : List.copyOf(images);
      repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }

    static Request parse(JsonNode json) {
      List<String> images = new ArrayList<>();
      json.path("images").forEach(n -> images.add(n.asText()));
      List<String> repositories = new ArrayList<>();
      json.path("repositories").forEach(n -> repositories.add(n.asText()));
      return new Request(images, repositories, json.path("dois").asBoolean(false));
    }

    ObjectNode json() {
      ObjectNode o = OciJson.MAPPER.createObjectNode();
      ArrayNode i = o.putArray("images");
      images.forEach(i::add);
      ArrayNode r = o.putArray("repositories");
      repositories.forEach(r::add);
      o.put("dois", allDois);
      return o;
    }
  }

  public Exports(RegistryCatalog catalog, JdbcDoiRecordStore dois, ArchiveExporter exporter) {
    this.catalog = catalog;
    this.dois = dois;
    this.exporter = exporter;
  }

  /** Writes the bag for {@code request} into {@code bag} (absent or an empty directory). */
  public ExportReport export(Request request, Path bag) throws IOException {
    return exporter.export(selections(request), bag);
  }

  List<ImageSelection> selections(Request request) {
    Set<ImageSelection> selected = new LinkedHashSet<>();
    for (String image : request.images()) {
      selected.add(image(image));
    }
    for (String repository : request.repositories()) {
      selected.addAll(repository(RepositoryName.parse(repository)));
    }
    if (request.allDois()) {
      for (DoiRecord record : dois.allVersions()) {
        selected.add(new ImageSelection(record.repository(), record.digest()));
      }
    }
    if (selected.isEmpty()) {
      throw new RegistryException(OciError.UNSUPPORTED, "export: name images, repositories or all DOI'd content")
          .withStatus(400);
    }
    return List.copyOf(selected);
  }

  static ImageSelection image(String text) {
    int at = text.indexOf('@');
    if (at > 0) {
      return new ImageSelection(RepositoryName.parse(text.substring(0, at)), Digest.parse(text.substring(at + 1)));
    }
    int colon = text.lastIndexOf(':');
    if (colon <= text.lastIndexOf('/')) {
      throw new RegistryException(OciError.NAME_INVALID, "export " + text + ": name an image as repository:tag or"
          + " repository@digest");
    }
    return new ImageSelection(RepositoryName.parse(text.substring(0, colon)), Reference.parse(text.substring(colon + 1)));
  }

  private List<ImageSelection> repository(RepositoryName repository) {
    if (!catalog.exists(repository)) {
      throw new RegistryException(OciError.NAME_UNKNOWN, "export " + repository + ": no such repository");
    }
    Set<Digest> carried = new HashSet<>();
    List<Digest> all = catalog.manifestDigests(repository);
    for (Digest digest : all) {
      catalog.manifest(repository, digest).map(m -> m.parse()).ifPresent(m -> {
        if (m.subject() != null) {
          carried.add(digest);
        }
        if (m.isIndex()) {
          m.manifests().stream().map(Descriptor::digest).forEach(carried::add);
        }
      });
    }
    List<ImageSelection> selections = new ArrayList<>();
    for (Digest digest : all) {
      boolean wanted = !carried.contains(digest) || !catalog.tagsOf(repository, digest).isEmpty()
          || dois.forImage(repository, digest).isPresent();
      if (wanted) {
        selections.add(new ImageSelection(repository, digest));
      }
    }
    return selections;
  }

  /** The DOIs of a finished report, for messages. */
  static List<String> names(ExportReport report) {
    return report.dois().stream().map(Doi::toString).toList();
  }
}
