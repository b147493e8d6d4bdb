package org.arca.registry.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Errors that Micronaut itself answers (no such route, method not allowed, an unreadable parameter, a body too large)
 * get the same body as every other Arca error, with the spec's code that fits their status.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class OciErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    int status = response.code();
    String message = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    if (message.isEmpty()) {
      message = status == 404 ? "no such endpoint: " + context.getRequest().getMethodName() + " "
          + context.getRequest().getPath() : response.reason();
    }
    MutableHttpResponse<byte[]> typed = (MutableHttpResponse<byte[]>) response;
    typed.header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
    if (RegistryExceptionHandler.carriesBody(context.getRequest())) {
      typed.header("Connection", "close");
    }
    byte[] body = ErrorBodies.body(code(status), message, null);
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return typed.header("Content-Length", Integer.toString(body.length));
    }
    return typed.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
  }

  private static String code(int status) {
    return switch (status) {
      case 401 -> "UNAUTHORIZED";
      case 403 -> "DENIED";
      case 413 -> "SIZE_INVALID";
      case 429 -> "TOOMANYREQUESTS";
      default -> status >= 500 ? "UNKNOWN" : "UNSUPPORTED";
    };
  }
}
