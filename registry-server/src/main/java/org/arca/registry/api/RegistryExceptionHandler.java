package org.arca.registry.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.arca.core.RegistryException;

/** Writes a {@link RegistryException} as the spec's error body with the exception's status and headers. */
@Produces
@Singleton
@Requires(classes = {RegistryException.class, ExceptionHandler.class})
public class RegistryExceptionHandler implements ExceptionHandler<RegistryException, HttpResponse<?>> {

  @Override
  public HttpResponse<?> handle(HttpRequest request, RegistryException exception) {
    MutableHttpResponse<byte[]> response = HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(exception.status()));
    exception.headers().forEach(response::header);
    response.header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
    if (carriesBody(request)) {
      // The refused request's body may be unread; closing is the only way to keep it from being read as the
      // next request on this connection.
      response.header("Connection", "close");
    }
    byte[] body = ErrorBodies.body(exception.error().name(), exception.getMessage(), exception.detail());
    if (request.getMethod() == HttpMethod.HEAD) {
      // No body, but the length it would have, so that the connection can stay open.
      return response.header("Content-Length", Integer.toString(body.length));
    }
    return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
  }

  static boolean carriesBody(HttpRequest<?> request) {
    return request.getContentLength() > 0 || request.getHeaders().contains("Transfer-Encoding");
  }
}
