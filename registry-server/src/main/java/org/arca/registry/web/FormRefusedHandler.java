package org.arca.registry.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.arca.web.PageRenderer;

/** A page's form without a session or with a wrong form token: 403, with a page that says what to do. */
@Singleton
class FormRefusedHandler implements ExceptionHandler<WebSessions.FormRefused, HttpResponse<?>> {
  private final PageRenderer pages;

  FormRefusedHandler(PageRenderer pages) {
    this.pages = pages;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, WebSessions.FormRefused refused) {
    return WebModel.message(pages, request, HttpStatus.FORBIDDEN, "This form was refused", refused.getMessage());
  }
}
