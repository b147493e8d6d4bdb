package org.arca.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.types.files.StreamedFile;
import java.io.InputStream;
import java.util.Map;

/**
 * The pages' stylesheet and scripts, from this jar: a fixed list, so no other class-path resource can be asked for.
 * htmx comes from its webjar; nothing is loaded from a CDN.
 */
@Controller("/static")
class StaticFiles {
  /** In the htmx.org webjar; the version is the pom's htmx.version (StaticFilesTest checks that it is there). */
  static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";
  private static final Map<String, String> FILES = Map.of(
      "arca.css", "web-static/arca.css",
      "arca.js", "web-static/arca.js",
      "htmx.min.js", HTMX);
  private static final Map<String, MediaType> TYPES = Map.of(
      "css", MediaType.of("text/css; charset=utf-8"),
      "js", MediaType.of("text/javascript; charset=utf-8"));

  @Get("/{name}")
  HttpResponse<?> file(@PathVariable String name) {
    String resource = FILES.get(name);
    InputStream in = resource == null ? null : StaticFiles.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      return HttpResponse.notFound();
    }
    MediaType type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    return HttpResponse.ok(new StreamedFile(in, type)).header("Cache-Control", "public, max-age=3600");
  }
}
