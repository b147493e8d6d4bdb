package org.arca.registry.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import jakarta.inject.Singleton;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database failure that reached a request: the log gets the database's message (it names tables, columns and
 * statements); the caller gets what it means for the request. Values the database refuses (too long, out of range)
 * are the request's fault and get 400; anything else is the server's and gets 500.
 */
@Produces
@Singleton
public class DatabaseExceptionHandler implements ExceptionHandler<Database.DatabaseException, HttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseExceptionHandler.class);
  /** SQLSTATE class 22: data exception (a value too long, out of range, of the wrong form). */
  private static final String DATA_EXCEPTION = "22";

  private final RegistryExceptionHandler errors;
  private final OciErrorResponseProcessor serverErrors;

  public DatabaseExceptionHandler(RegistryExceptionHandler errors, OciErrorResponseProcessor serverErrors) {
    this.errors = errors;
    this.serverErrors = serverErrors;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, Database.DatabaseException exception) {
    String action = request.getMethodName() + " " + request.getPath();
    String state = exception.sqlState();
    if (state != null && state.startsWith(DATA_EXCEPTION)) {
      LOG.info("{}: the database refused a value of the request (SQLSTATE {}): {}", action, state,
          exception.getMessage());
      return errors.handle(request, new RegistryException(OciError.UNSUPPORTED, action + ": a value in the request"
          + " is too long or out of range for the archive").withStatus(400));
    }
    LOG.error("{}: the database failed (SQLSTATE {})", action, state, exception);
    return serverErrors.processResponse(ErrorContext.builder(request).cause(exception).build(),
        HttpResponse.serverError());
  }
}
