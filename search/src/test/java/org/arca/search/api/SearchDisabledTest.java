package org.arca.search.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.arca.search.index.SearchIndex;
import org.arca.search.index.SearchIndexer;
import org.junit.jupiter.api.Test;

/** With {@code arca.search.enabled=false} no search bean exists and the API is not there. */
@MicronautTest
@Property(name = "arca.search.enabled", value = "false")
class SearchDisabledTest {
  @Inject
  ApplicationContext context;
  @Inject
  @Client("/")
  HttpClient client;

  @Test
  void disabled_noBeansAndNoEndpoint() {
    assertFalse(context.containsBean(SearchIndexer.class));
    assertFalse(context.containsBean(SearchIndex.class));
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> client.toBlocking().exchange(HttpRequest.GET("/api/v1/search?q=x"), String.class));
    assertEquals(HttpStatus.NOT_FOUND, e.getStatus());
  }
}
