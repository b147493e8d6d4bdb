package org.arca.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders a page to a string before answering, as the DOI landing pages do. A template that fails then fails the
 * request with an ordinary exception, answered with an error, instead of breaking a response already begun, which
 * left the connection open and the browser waiting.
 */
@Singleton
public class PageRenderer {
  private final ThymeleafViewsRenderer<Map<String, Object>> views;

  PageRenderer(ThymeleafViewsRenderer<Map<String, Object>> views) {
    this.views = views;
  }

  public MutableHttpResponse<String> page(HttpRequest<?> request, HttpStatus status, String view,
      Map<String, Object> model) {
    StringWriter html = new StringWriter();
    try {
      views.render(view, model, request).writeTo(html);
    } catch (IOException e) {
      throw new UncheckedIOException("render the page " + view + " of " + request.getPath(), e);
    }
    return HttpResponse.<String>status(status).body(html.toString()).contentType("text/html; charset=utf-8");
  }
}
