package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.citation.CitationFormat;
import org.arca.preservation.citation.Citations;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiState;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DescriptionType;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.metadata.RegistryUrls;
import org.arca.preservation.metadata.RelatedIdentifier;
import org.arca.preservation.metadata.Rights;
import org.arca.preservation.provenance.ProvenanceGraph;
import org.arca.preservation.provenance.ProvenanceRecord;

/**
 * The model of the landing page template ({@code views/landing.html}): what a person needs to cite and get an image,
 * as plain maps and lists so the template only reads. Links from user-supplied metadata are kept only when they are
 * http(s) URLs, so a label cannot smuggle a {@code javascript:} link into the page.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
class LandingPageModel {
  private static final int PROVENANCE_DEPTH = 5;
  private final Citations citations;
  private final ProvenanceGraph graph;
  private final JdbcDoiRecordStore dois;
  private final RegistryCatalog catalog;
  private final PushFacts pushes;
  private final RegistryUrls urls;

  LandingPageModel(Citations citations, ProvenanceGraph graph, JdbcDoiRecordStore dois, RegistryCatalog catalog,
      PushFacts pushes, DraftMetadataBuilder builder) {
    this.citations = citations;
    this.graph = graph;
    this.dois = dois;
    this.catalog = catalog;
    this.pushes = pushes;
    this.urls = builder.urls();
  }

  /** The model for {@code cited}; {@code pageUrl} is the page's own path, to which format links add a query. */
  Map<String, Object> of(CitedContent.Cited cited, String pageUrl) {
    DoiMetadata m = cited.metadata();
    DoiRecord record = cited.record();
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("title", m.title());
    page.put("pageUrl", pageUrl);
    page.put("repository", cited.repository().value());
    page.put("publisher", m.publisher());
    page.put("year", m.publicationYear());
    page.put("version", m.version());
    page.put("description", m.abstractText().orElse(null));
    page.put("technical", m.descriptions().stream().filter(d -> d.type() == DescriptionType.TECHNICAL_INFO)
        .map(d -> d.description()).findFirst().orElse(null));
    page.put("creators", m.creators().stream().map(LandingPageModel::creator).toList());
    page.put("licences", m.licenses().stream().map(LandingPageModel::licence).toList());
    page.put("otherRights", m.rights().stream().filter(r -> !r.isSpdx()).map(Rights::rights).toList());
    page.put("related", m.relatedIdentifiers().stream().filter(r -> safe(r.href()) != null)
        .map(LandingPageModel::related).toList());
    page.put("citation", citations.render(m, CitationFormat.BIBLIOGRAPHY, "apa", null).text().strip());
    page.put("formats", formats(pageUrl, record));
    putDoi(page, record);
    boolean concept = record != null && record.kind() == DoiRecord.Kind.CONCEPT;
    page.put("concept", concept);
    page.put("versions", versions(cited.repository(), record));
    if (!concept && cited.digest() != null) {
      putImage(page, cited.repository(), cited.digest(), cited.withdrawn());
    }
    return page;
  }

  private void putDoi(Map<String, Object> page, DoiRecord record) {
    page.put("hasDoi", record != null);
    page.put("withdrawn", record != null && record.isWithdrawn());
    if (record == null) {
      return;
    }
    page.put("doi", record.doi().toString());
    // an unregistered DOI (local, or a DataCite draft) does not resolve at doi.org: point at this page instead
    page.put("doiUrl", record.registered() ? record.doi().url() : urls.doi(record.doi()));
    page.put("doiText", record.registered() ? record.doi().url() : record.doi() + " (not registered)");
    page.put("state", record.state().value());
    page.put("draft", record.state() == DoiState.DRAFT);
    page.put("statement", record.statement());
    if (record.withdrawal() != null) {
      page.put("withdrawal", Map.of("reason", record.withdrawal().reason(), "by", record.withdrawal().by(),
          "at", record.withdrawal().at().toString().substring(0, 10)));
    }
    if (record.kind() == DoiRecord.Kind.VERSION) {
      dois.concept(record.repository()).ifPresent(c -> page.put("conceptDoi",
          Map.of("doi", c.doi().toString(), "href", urls.doi(c.doi()))));
    }
  }

  private void putImage(Map<String, Object> page, RepositoryName repository, Digest digest, boolean withdrawn) {
    page.put("digest", digest.toString());
    var stored = catalog.manifest(repository, digest);
    String artifactType = stored.map(s -> s.parse().referrerArtifactType()).orElse(null);
    boolean isSif = MediaTypes.SIF_CONFIG.equals(artifactType);
    page.put("isSif", isSif);
    page.put("mediaType", stored.map(s -> s.mediaType()).orElse(null));
    String host = urls.host();
    List<Map<String, String>> pull = new ArrayList<>();
    String sifDownload = null;
    if (!withdrawn) {
      String reference = host + "/" + repository + "@" + digest;
      if (isSif) {
        pull.add(command("Apptainer", "apptainer pull oras://" + host + "/sif/" + repository + "@" + digest));
        sifDownload = urls.base() + "/sif/" + repository + "/" + digest + ".sif";
      } else {
        pull.add(command("Docker", "docker pull " + reference));
        pull.add(command("Podman", "podman pull " + reference));
        if (!catalog.referrers(repository, digest, MediaTypes.SIF_CONFIG).isEmpty()) {
          pull.add(command("Apptainer", "apptainer pull oras://" + host + "/sif/" + repository + "@" + digest));
          sifDownload = urls.base() + "/sif/" + repository + "/" + digest + ".sif";
        }
      }
    }
    page.put("pull", pull);
    page.put("sifDownload", sifDownload);
    pushes.of(repository, digest).ifPresent(p -> {
      Map<String, Object> push = new LinkedHashMap<>();
      push.put("by", p.by());
      push.put("at", p.at().toString());
      push.put("userAgent", p.userAgent());
      page.put("push", push);
    });
    page.put("ancestors", graph.ancestors(digest, PROVENANCE_DEPTH).stream()
        .map(e -> edge(e, e.record().source(), e.record().sourceName())).toList());
    page.put("descendants", graph.descendants(digest, PROVENANCE_DEPTH).stream()
        .map(e -> edge(e, e.record().subject(), null)).toList());
    page.put("sifs", catalog.referrers(repository, digest, MediaTypes.SIF_CONFIG).stream()
        .map(Descriptor::digest).map(d -> Map.of("digest", d.toString(), "href", urls.image(repository, d)))
        .toList());
  }

  private Map<String, Object> edge(ProvenanceGraph.Edge edge, Digest other, String name) {
    ProvenanceRecord r = edge.record();
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("depth", edge.depth());
    e.put("relation", switch (r.relation()) {
      case BASE_IMAGE -> "base image";
      case MATERIAL -> "build material";
      case CONVERTED_FROM -> "converted to SIF";
      case COMPOSED_FROM -> "composed from";
    });
    e.put("name", name != null ? name : other != null ? r.repository() + "@" + other : "");
    e.put("digest", other == null ? null : other.toString());
    e.put("href", href(r.repository(), other, name));
    e.put("origin", r.origin().name().toLowerCase(java.util.Locale.ROOT));
    return e;
  }

  /**
   * Where the other end of an edge can be found: its page here when this registry holds the manifest (in the edge's
   * repository, or in the repository its name points at on this host), else its registry's public page, else no
   * link. A base image named only by a label usually lives elsewhere, and a {@code /cite/} link to it would be a 404.
   */
  private String href(RepositoryName repository, Digest other, String name) {
    if (other != null) {
      List<RepositoryName> candidates = new ArrayList<>();
      candidates.add(repository);
      SourcePages.repositoryOn(urls.host(), name).ifPresent(candidates::add);
      for (RepositoryName candidate : candidates) {
        if (catalog.manifest(candidate, other).isPresent()) {
          return urls.image(candidate, other);
        }
      }
    }
    return SourcePages.elsewhere(name);
  }

  private List<Map<String, Object>> versions(RepositoryName repository, DoiRecord current) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (DoiRecord v : dois.versions(repository)) {
      boolean isCurrent = current != null && v.doi().equals(current.doi());
      if (v.state() == DoiState.DRAFT && !isCurrent) {
        continue; // drafts are not public yet
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("doi", v.doi().toString());
      item.put("href", urls.doi(v.doi()));
      item.put("version", v.metadata().version() == null ? v.digest().shortHex() : v.metadata().version());
      item.put("state", v.isWithdrawn() ? "withdrawn" : v.state().value());
      item.put("current", isCurrent);
      list.add(item);
    }
    return list;
  }

  private static List<Map<String, String>> formats(String pageUrl, DoiRecord record) {
    List<Map<String, String>> list = new ArrayList<>();
    String sep = pageUrl.contains("?") ? "&" : "?";
    list.add(link("BibTeX", pageUrl + sep + "format=bibtex"));
    list.add(link("RIS", pageUrl + sep + "format=ris"));
    list.add(link("CSL-JSON", pageUrl + sep + "format=csl-json"));
    list.add(link("DataCite XML", pageUrl + sep + "format=datacite-xml"));
    list.add(link("DataCite JSON", pageUrl + sep + "format=datacite-json"));
    list.add(link("schema.org JSON-LD", pageUrl + sep + "format=schema-org"));
    list.add(link("CITATION.cff", pageUrl + "/CITATION.cff"));
    list.add(link("Chicago", pageUrl + sep + "format=text&style=chicago"));
    list.add(link("Harvard", pageUrl + sep + "format=text&style=harvard"));
    return list;
  }

  private static Map<String, String> creator(Creator c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("name", c.displayName());
    m.put("orcid", c.orcid().orElse(null));
    m.put("affiliation", c.affiliations().isEmpty() ? null : c.affiliations().get(0).name());
    return m;
  }

  private static Map<String, String> licence(Rights r) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", r.rightsIdentifier());
    m.put("href", safe(r.rightsUri()));
    return m;
  }

  private static Map<String, String> related(RelatedIdentifier r) {
    return Map.of("relation", r.relationType().value(), "href", safe(r.href()), "identifier", r.identifier());
  }

  private static Map<String, String> command(String tool, String command) {
    return Map.of("tool", tool, "command", command);
  }

  private static Map<String, String> link(String label, String href) {
    return Map.of("label", label, "href", href);
  }

  /** The URL when it is an http(s) link, else null: user metadata must not put other schemes into href. */
  static String safe(String url) {
    if (url == null) {
      return null;
    }
    String lower = url.trim().toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://") ? url.trim() : null;
  }
}
