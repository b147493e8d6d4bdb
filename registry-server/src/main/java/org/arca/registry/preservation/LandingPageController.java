package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.preservation.citation.CitationFormat;
import org.arca.preservation.citation.Citations;
import org.arca.preservation.citation.RenderedCitation;
import org.arca.preservation.citation.UnknownStyleException;
import org.arca.registry.auth.Callers;

/**
 * Landing pages: {@code /doi/<prefix>/<suffix>}, where a DOI minted here resolves, and
 * {@code /cite/<repository>@<digest>} for any image, with or without a DOI. People get an HTML page; citation
 * managers and scripts get the record in the format they ask for on the same URL ({@link CitationNegotiation}), and
 * {@code .../CITATION.cff} is a download. A withdrawn DOI's page is a tombstone that keeps the metadata and says why;
 * it is answered 200, since the DOI must keep resolving, while the image itself is answered 410.
 */
// {path:.+} rather than {+path}: the same match (a path holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path
@Tag(name = "Landing pages", description = "Citable pages of DOIs and images: HTML, or the citation format asked for")
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class LandingPageController {
  private static final String CFF = "/CITATION.cff";
  private final CitedContent content;
  private final LandingPageModel model;
  private final Citations citations;
  private final ThymeleafViewsRenderer<Map<String, Object>> views;

  LandingPageController(CitedContent content, LandingPageModel model, Citations citations,
      ThymeleafViewsRenderer<Map<String, Object>> views) {
    this.content = content;
    this.model = model;
    this.citations = citations;
    this.views = views;
  }

  @Operation(summary = "A DOI's landing page, or its record in the format the Accept header asks for")
  @Get(uri = "/doi/{prefix}/{suffix}", produces = MediaType.ALL)
  public HttpResponse<?> doi(HttpRequest<?> request, @PathVariable String prefix, @PathVariable String suffix,
      @Nullable @QueryValue String format, @Nullable @QueryValue String style, @Nullable @QueryValue String locale) {
    CitedContent.Cited cited;
    try {
      cited = content.doi(Callers.of(request), DoiController.doi(prefix, suffix));
    } catch (RegistryException e) {
      return notFound(request, e, format);
    }
    return answer(request, cited, "/doi/" + prefix + "/" + suffix, format, style, locale);
  }

  @Operation(summary = "A DOI's CITATION.cff")
  @Get(uri = "/doi/{prefix}/{suffix}/CITATION.cff", produces = MediaType.ALL)
  public HttpResponse<?> doiCff(HttpRequest<?> request, @PathVariable String prefix, @PathVariable String suffix) {
    return download(content.doi(Callers.of(request), DoiController.doi(prefix, suffix)));
  }

  /** {@code /cite/<repository>@<digest>}, and {@code .../CITATION.cff}. */
  @Operation(summary = "The landing page of `<repository>@<digest>`, or `.../CITATION.cff`")
  @Get(uri = "/cite/{path:.+}", produces = MediaType.ALL)
  public HttpResponse<?> image(HttpRequest<?> request, @PathVariable String path, @Nullable @QueryValue String format,
      @Nullable @QueryValue String style, @Nullable @QueryValue String locale) {
    boolean cff = path.endsWith(CFF);
    String reference = cff ? path.substring(0, path.length() - CFF.length()) : path;
    CitedContent.Cited cited;
    try {
      ImagePath image = ImagePath.parse(reference, "/cite/<repository>@<digest>");
      cited = content.image(Callers.of(request), image.repository(), image.digest());
    } catch (RegistryException e) {
      return notFound(request, e, cff ? "cff" : format);
    }
    return cff ? download(cited) : answer(request, cited, "/cite/" + reference, format, style, locale);
  }

  /**
   * A readable 404 page for a person who followed a DOI or citation that leads nowhere here (a typo, a DOI of
   * another archive, content that is private); scripts and citation managers get the usual JSON error.
   */
  private HttpResponse<?> notFound(HttpRequest<?> request, RegistryException missing, String format) {
    if (missing.status() != 404 || !prefersHtml(request, format)) {
      throw missing;
    }
    StringWriter html = new StringWriter();
    try {
      views.render("not-found", Map.of("message", missing.getMessage(), "path", request.getPath()), request)
          .writeTo(html);
    } catch (IOException e) {
      throw new UncheckedIOException("render the not-found page of " + request.getPath(), e);
    }
    return vary(HttpResponse.notFound(html.toString()).contentType("text/html; charset=utf-8"));
  }

  private static boolean prefersHtml(HttpRequest<?> request, String format) {
    try {
      return CitationNegotiation.choose(request.getHeaders().get(HttpHeaders.ACCEPT), format, null, null, null).html();
    } catch (RegistryException e) {
      return false; // a format nobody serves: the 404 says more than a 406 would
    }
  }

  private HttpResponse<?> answer(HttpRequest<?> request, CitedContent.Cited cited, String pageUrl, String format,
      String style, String locale) {
    CitationNegotiation.Choice choice = CitationNegotiation.choose(request.getHeaders().get(HttpHeaders.ACCEPT),
        format, style, locale, request.getParameters().get("list"));
    if (choice.html()) {
      StringWriter html = new StringWriter();
      try {
        views.render("landing", model.of(cited, pageUrl), request).writeTo(html);
      } catch (IOException e) {
        throw new UncheckedIOException("render the landing page of " + pageUrl, e);
      }
      return vary(HttpResponse.ok(html.toString()).contentType("text/html; charset=utf-8"));
    }
    RenderedCitation rendered = render(cited, choice);
    return vary(HttpResponse.ok(rendered.body()).contentType(rendered.mediaType()));
  }

  private HttpResponse<?> download(CitedContent.Cited cited) {
    RenderedCitation cff = render(cited, new CitationNegotiation.Choice(CitationFormat.CITATION_CFF, null, null));
    return HttpResponse.ok(cff.body()).contentType(cff.mediaType() + "; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + cff.fileName() + "\"");
  }

  private RenderedCitation render(CitedContent.Cited cited, CitationNegotiation.Choice choice) {
    try {
      return citations.render(cited.metadataFor(choice.format()), choice.format(), choice.style(), choice.locale(),
          choice.list());
    } catch (UnknownStyleException e) {
      throw new RegistryException(OciError.UNSUPPORTED, e.getMessage()).withStatus(400);
    }
  }

  private static MutableHttpResponse<?> vary(MutableHttpResponse<?> response) {
    return response.header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
  }
}
