package org.arca.search.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.arca.search.query.InvalidQueryException;

/** Answers a query the searcher cannot read with 400 and a message that says what to change. */
@Produces
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
@Requires(classes = {InvalidQueryException.class, ExceptionHandler.class})
public class InvalidQueryHandler implements ExceptionHandler<InvalidQueryException, HttpResponse<ApiError>> {

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, InvalidQueryException exception) {
    return HttpResponse.badRequest(ApiError.of("QUERY_INVALID", exception.getMessage(), exception.position()));
  }
}
