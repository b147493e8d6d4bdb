package org.arca.registry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.stream.Collectors;
import org.arca.core.image.OciJson;

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
    String message;
    if (status >= 500) {
      // the exception's text names classes, tables and statements; Micronaut logged it with the stack trace
      message = "the server failed to handle " + context.getRequest().getMethodName() + " "
          + context.getRequest().getPath() + "; its log has the details";
    } else {
      message = context.getRootCause().flatMap(OciErrorResponseProcessor::inClientTerms)
          .orElseGet(() -> context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; ")));
    }
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

  /**
   * What a request's body or parameter got wrong, for failures of the framework's JSON reading and argument
   * binding, whose own messages quote parser classes and internal names; empty for any other failure.
   */
  static Optional<String> inClientTerms(Throwable failure) {
    JsonProcessingException json = null;
    ConversionErrorException conversion = null;
    for (Throwable t = failure; t != null && (json == null || conversion == null); t = t.getCause()) {
      if (json == null && t instanceof JsonProcessingException j) {
        json = j;
      }
      if (conversion == null && t instanceof ConversionErrorException c) {
        conversion = c;
      }
    }
    boolean body = conversion == null || conversion.getArgument().getAnnotationMetadata().hasAnnotation(Body.class);
    if (json != null && body) {
      return Optional.of("the request body is not the JSON this request takes: " + OciJson.problem(json));
    }
    if (conversion != null && body) {
      return Optional.of("the request body does not have the fields and types this request takes (see"
          + " docs/api/openapi.yml)");
    }
    if (conversion != null) {
      Class<?> type = conversion.getArgument().getType();
      boolean number = Number.class.isAssignableFrom(type) || type == int.class || type == long.class;
      return Optional.of("the parameter " + conversion.getArgument().getName() + " must be "
          + (number ? "a whole number" : "of another form"));
    }
    if (failure instanceof UnsatisfiedRouteException missing) {
      return Optional.of(missing.getArgument().getAnnotationMetadata().hasAnnotation(Body.class)
          ? "the request needs a JSON body" : "the request needs the parameter " + missing.getArgument().getName());
    }
    return Optional.empty();
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
