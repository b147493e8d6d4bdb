package org.arca.registry.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.web.PageRenderer;

/** What the account and curator pages' models hold for the layout: the title and who is signed in. */
final class WebModel {
  private WebModel() {}

  static Map<String, Object> of(HttpRequest<?> request, String title) {
    Caller caller = Callers.of(request);
    Map<String, Object> model = new HashMap<>();
    model.put("pageTitle", title);
    model.put("user", caller.kind() == Caller.Kind.USER ? caller.name() : null);
    return model;
  }

  /** Pages with form tokens, new secrets or private names are not kept by the browser's or a proxy's cache. */
  static <T> MutableHttpResponse<T> noStore(MutableHttpResponse<T> response) {
    return response.header("Cache-Control", "no-store");
  }

  /** A page that says one thing: why a form or a page was refused, or what is missing. */
  static MutableHttpResponse<String> message(PageRenderer pages, HttpRequest<?> request, HttpStatus status,
      String heading, String text) {
    Map<String, Object> model = of(request, heading + " – Arca");
    model.put("heading", heading);
    model.put("message", text);
    return noStore(pages.page(request, status, "web/message", model));
  }
}
