package org.arca.preservation.doi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.arca.preservation.PreservationConfiguration;
import org.arca.preservation.citation.Citations;
import org.junit.jupiter.api.Test;

class DoiBeansTest {

  @Test
  void defaults_wireLocalProviderUnderTestPrefix() {
    try (ApplicationContext context = ApplicationContext.run()) {
      DoiProvider provider = context.getBean(DoiProvider.class);
      assertInstanceOf(LocalDoiProvider.class, provider);
      assertEquals("10.5072", provider.prefix());
      PreservationConfiguration config = context.getBean(PreservationConfiguration.class);
      assertFalse(config.doi().autoApprove());
      assertEquals("Arca", config.publisher());
      assertTrue(context.containsBean(Citations.class));
    }
  }

  @Test
  void dataciteSettings_wireDataCiteProvider() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "arca.preservation.publisher", "Example University Library",
        "arca.preservation.base-url", "https://arca.example.org/",
        "arca.preservation.doi.provider", "datacite",
        "arca.preservation.doi.prefix", "10.80000",
        "arca.preservation.doi.auto-approve", "true",
        "arca.preservation.doi.datacite.endpoint", "https://api.test.datacite.org",
        "arca.preservation.doi.datacite.username", "EXAMPLE.ARCA",
        "arca.preservation.doi.datacite.password", "secret"))) {
      DoiProvider provider = context.getBean(DoiProvider.class);
      assertInstanceOf(DataCiteDoiProvider.class, provider);
      assertEquals("10.80000", provider.prefix());
      PreservationConfiguration config = context.getBean(PreservationConfiguration.class);
      assertTrue(config.doi().autoApprove());
      assertEquals("https://arca.example.org", config.baseUrl());
      assertEquals("Example University Library", config.publisher());
      assertFalse(config.doi().datacite().toString().contains("secret"));
    }
  }

  @Test
  void disabled_wiresNothing() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("arca.preservation.enabled", "false"))) {
      assertFalse(context.containsBean(DoiProvider.class));
      assertFalse(context.containsBean(Citations.class));
    }
  }
}
