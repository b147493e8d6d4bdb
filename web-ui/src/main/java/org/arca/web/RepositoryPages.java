package org.arca.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.TagListing;
import org.arca.core.search.ImageSearch;
import org.arca.core.vetting.VettingRecords;

/**
 * The repository page ({@code /r/<repository>}: its tags, filtered, sorted and paged on the server) and the image
 * page ({@code /r/<repository>/<tag or digest>}: how to get it, its layers and build steps, labels, DOI). A path
 * that names a repository the reader may see is that repository's page; otherwise its last part is the tag or
 * digest. A repository the reader may not read is answered exactly like one that does not exist.
 */
@Controller("/r")
@ExecuteOn(TaskExecutors.BLOCKING)
class RepositoryPages {
  static final int TAGS_PER_PAGE = 50;

  private final RegistryCatalog catalog;
  private final BlobStore blobs;
  private final TagListing tags;
  private final Optional<ImageSearch> search;
  private final Optional<VettingRecords> vetting;
  private final PageReaders readers;
  private final PageRenderer pages;
  private final String publicHost;

  RepositoryPages(RegistryCatalog catalog, BlobStore blobs, TagListing tags, Optional<ImageSearch> search,
      Optional<VettingRecords> vetting, PageReaders readers, PageRenderer pages,
      @Nullable @Value("${arca.web.public-host:}") String publicHost) {
    this.catalog = catalog;
    this.blobs = blobs;
    this.tags = tags;
    this.search = search;
    this.vetting = vetting;
    this.readers = readers;
    this.pages = pages;
    this.publicHost = publicHost == null ? "" : publicHost.strip();
  }

  @Get(uri = "/{path:.+}", produces = "text/html")
  HttpResponse<String> page(HttpRequest<?> request, @PathVariable String path,
      @Nullable @QueryValue String filter, @Nullable @QueryValue String sort, @Nullable @QueryValue String page) {
    Collection<RepositoryName> hidden = readers.hiddenFrom(request);
    Optional<RepositoryName> whole = visible(path, hidden);
    if (whole.isPresent()) {
      return repository(request, whole.get(), filter, sort, page);
    }
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      Optional<RepositoryName> repository = visible(path.substring(0, slash), hidden);
      Optional<Reference> reference = reference(path.substring(slash + 1));
      if (repository.isPresent() && reference.isPresent()) {
        Optional<ImageDetails> image = ImageDetails.read(catalog, blobs, repository.get(), reference.get());
        if (image.isPresent()) {
          return image(request, image.get(), path.substring(slash + 1), hidden);
        }
      }
    }
    return notFound(request, path);
  }

  private Optional<RepositoryName> visible(String text, Collection<RepositoryName> hidden) {
    if (!RepositoryName.isValid(text)) {
      return Optional.empty();
    }
    RepositoryName name = RepositoryName.parse(text);
    return !hidden.contains(name) && catalog.exists(name) ? Optional.of(name) : Optional.empty();
  }

  private static Optional<Reference> reference(String text) {
    try {
      return Optional.of(Reference.parse(text));
    } catch (RegistryException e) {
      return Optional.empty();
    }
  }

  private HttpResponse<String> repository(HttpRequest<?> request,
      RepositoryName repository, String filter, String sortText, String pageText) {
    TagListing.Order order = "pushed".equals(sortText) ? TagListing.Order.PUSHED : TagListing.Order.NAME;
    int page = Pages.pageNumber(pageText);
    String contains = filter == null ? "" : filter.strip();
    TagListing.TagTable table = tags.tags(repository, contains, order, (page - 1) * TAGS_PER_PAGE, TAGS_PER_PAGE);
    Map<String, Object> model = Pages.model(request, readers, repository.value());
    model.put("repository", repository.value());
    model.put("filter", contains);
    model.put("sort", order == TagListing.Order.PUSHED ? "pushed" : "name");
    model.put("total", table.total());
    model.put("rows", table.rows().stream().map(row -> {
      Map<String, Object> r = new HashMap<>();
      r.put("tag", row.tag());
      r.put("href", Pages.imagePath(repository.value(), row.tag()));
      r.put("digest", row.digest().toString());
      r.put("shortDigest", row.digest().hex().substring(0, 12));
      r.put("sizeText", Sizes.readable(row.size())); // not "size": on a map that is its number of entries
      r.put("architectures", String.join(", ", row.architectures()));
      r.put("pushed", row.pushedAt().toString().substring(0, 16).replace('T', ' ') + " UTC");
      r.put("pushedIso", row.pushedAt().toString());
      return r;
    }).toList());
    String path = Pages.repositoryPath(repository.value());
    model.put("path", path);
    model.put("sortByName", Pages.withQuery(path, Map.of("filter", contains, "sort", "name")));
    model.put("sortByPushed", Pages.withQuery(path, Map.of("filter", contains, "sort", "pushed")));
    model.put("pages", Pages.links(path, Map.of("filter", contains, "sort", order == TagListing.Order.PUSHED
        ? "pushed" : ""), page, table.total(), TAGS_PER_PAGE));
    // the repository is visible to this reader: nothing of it is hidden from them
    model.put("summary", summary(repository, List.of()));
    return pages.page(request, HttpStatus.OK, "web/repository", model);
  }

  /** The description of the repository's newest image, as search knows it; null when it has none. */
  private String summary(RepositoryName repository, Collection<RepositoryName> hidden) {
    if (search.isEmpty()) {
      return null;
    }
    return search.get().search("repo:" + repository.value(), 1, 1, hidden).hits().stream()
        .map(ImageSearch.Hit::summary).filter(s -> s != null && !s.isBlank()).findFirst().orElse(null);
  }

  private HttpResponse<String> image(HttpRequest<?> request, ImageDetails image,
      String reference, Collection<RepositoryName> hidden) {
    String repository = image.repository().value();
    Map<String, Object> model = Pages.model(request, readers, repository + ":" + reference);
    // plain maps, not records: the templates' expression language reads bean getters and map keys
    Map<String, Object> shown = new HashMap<>();
    shown.put("repository", repository);
    shown.put("digest", image.digest().toString());
    shown.put("title", image.title());
    shown.put("summary", image.summary());
    shown.put("license", image.license());
    shown.put("platform", image.platform());
    shown.put("sizeText", image.sizeText()); // not "size": on a map that is its number of entries
    shown.put("pushedAt", image.pushedAt().toString());
    shown.put("pushedBy", image.pushedBy());
    shown.put("labels", image.labels());
    shown.put("steps", image.steps().stream().map(step -> {
      Map<String, Object> row = new HashMap<>();
      row.put("instruction", step.instruction());
      row.put("layerDigest", step.layerDigest());
      row.put("layerSize", step.layerSize());
      return row;
    }).toList());
    model.put("image", shown);
    model.put("reference", reference);
    model.put("referenceText", (reference.contains(":") ? "@" : ":") + reference);
    model.put("repositoryHref", Pages.repositoryPath(repository));
    String host = host(request);
    String scheme = request.isSecure() ? "https" : "http";
    model.put("commands", new PullCommands(host, scheme + "://" + host).of(image.repository(), reference).stream()
        .map(command -> Map.of("client", command.client(), "text", command.text())).toList());
    model.put("tagLinks", image.tags().stream().map(tag -> Map.of("tag", tag, "href",
        Pages.imagePath(repository, tag))).toList());
    model.put("platformLinks", image.platforms().stream().map(p -> Map.of("platform", p.platform(), "href",
        Pages.imagePath(repository, p.digest()))).toList());
    String doi = doi(image, hidden);
    model.put("doi", doi);
    if (doi != null) {
      model.put("doiHref", "/doi/" + doi);
    }
    String cite = "/cite/" + repository + "@" + image.digest();
    model.put("citeHref", cite);
    model.put("citeStyles", CITATION_STYLES);
    model.put("citations", CITATION_FORMATS.stream()
        .map(f -> Map.of("label", f.get(0), "href", cite + "?format=" + f.get(1))).toList());
    model.put("vetting", vetting(image));
    model.put("referrers", ImageReferrers.of(catalog, image.repository(), image.digest()).stream().map(r -> {
      Map<String, Object> row = new HashMap<>();
      row.put("kind", r.kind());
      row.put("artifactType", r.artifactType());
      row.put("digest", r.digest());
      row.put("sizeText", r.sizeText());
      row.put("created", r.created());
      row.put("href", "/v2/" + repository + "/manifests/" + r.digest());
      return row;
    }).toList());
    model.put("recipe", Recipes.of(catalog, blobs, image.repository(), image.digest()).map(recipe -> Map.of(
        "kind", recipe.kind(), "digest", recipe.digest(),
        "lines", recipe.lines().stream().map(line -> line.stream()
            .map(span -> Map.of("kind", span.kind(), "text", span.text())).toList()).toList())).orElse(null));
    model.put("provenance", Provenance.of(image, derived(image, hidden), Pages::imagePath).asModel());
    return pages.page(request, HttpStatus.OK, "web/image", model);
  }

  /** The citation styles the reader picks from (those the citation service names; any CSL style id works too). */
  private static final List<Map<String, String>> CITATION_STYLES = List.of(
      Map.of("id", "apa", "label", "APA"), Map.of("id", "chicago", "label", "Chicago (author-date)"),
      Map.of("id", "harvard", "label", "Harvard"), Map.of("id", "ieee", "label", "IEEE"),
      Map.of("id", "mla", "label", "MLA"), Map.of("id", "vancouver", "label", "Vancouver"),
      Map.of("id", "nature", "label", "Nature"));

  /** Downloadable citation records: label and the {@code format} that {@code /cite/} answers it by. */
  private static final List<List<String>> CITATION_FORMATS = List.of(List.of("BibTeX", "bibtex"),
      List.of("RIS", "ris"), List.of("CSL-JSON", "csl-json"), List.of("DataCite XML", "datacite-xml"));

  /** The curators' decision about the image, as the page words it; "not vetted" without a decision or a vetting. */
  private Map<String, Object> vetting(ImageDetails image) {
    Optional<VettingRecords.Decision> decision = vetting.flatMap(v -> v.current(image.digest()));
    Map<String, Object> shown = new HashMap<>();
    shown.put("vetted", decision.map(VettingRecords.Decision::vetted).orElse(false));
    if (decision.isEmpty()) {
      shown.put("text", "Not vetted");
      shown.put("detail", vetting.isEmpty() ? "This registry does not vet images."
          : "No curator has vetted this image.");
      return shown;
    }
    VettingRecords.Decision d = decision.get();
    shown.put("text", d.vetted() ? "Vetted" : "Vetting refused or revoked");
    shown.put("detail", (d.vetted() ? "Met the policy " : "Against the policy ") + d.policy() + ", decided by "
        + d.decidedBy() + " on " + d.decidedAt().toString().substring(0, 10)
        + (d.reason() == null || d.reason().isBlank() ? "" : ": " + d.reason()));
    shown.put("attestation", d.attestation().map(Object::toString).orElse(null));
    return shown;
  }

  /** Images built on this one, as search knows them from their recipes and base annotations; none without search. */
  private List<ImageSearch.Hit> derived(ImageDetails image, Collection<RepositoryName> hidden) {
    if (search.isEmpty() || image.tags().isEmpty()) {
      return List.of();
    }
    String base = Pages.quoted(image.repository().value() + ":" + image.tags().get(0));
    return search.get().search("base:" + base, 1, Provenance.MAX_DERIVED, hidden).hits();
  }

  /** The image's DOI once findable, as the search API reports it; null without one or without search. */
  private String doi(ImageDetails image, Collection<RepositoryName> hidden) {
    if (search.isEmpty()) {
      return null;
    }
    return search.get().search("digest:" + image.digest(), 1, 1, hidden).hits().stream()
        .map(ImageSearch.Hit::doi).filter(d -> d != null).findFirst().orElse(null);
  }

  /** The registry's host as clients address it: configured, or the one this request was sent to. */
  private String host(HttpRequest<?> request) {
    if (!publicHost.isEmpty()) {
      return publicHost;
    }
    String header = request.getHeaders().get(HttpHeaders.HOST);
    return header == null || header.isBlank() ? "localhost" : header.strip();
  }

  private HttpResponse<String> notFound(HttpRequest<?> request, String path) {
    Map<String, Object> model = Pages.model(request, readers, "Not found");
    model.put("path", "/r/" + path);
    return pages.page(request, HttpStatus.NOT_FOUND, "web/not-found", model);
  }
}
