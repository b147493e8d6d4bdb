package org.arca.preservation;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;

/**
 * Settings of the preservation feature, under {@code arca.preservation}.
 *
 * @param enabled whether the feature's beans exist at all ({@code arca.preservation.enabled})
 * @param publisher the DataCite publisher of every record this registry mints, usually the hosting institution
 * @param baseUrl the registry's public URL; an image without a DOI is cited as {@code <baseUrl>/<repository>@<digest>}
 * @param doi how DOIs are minted
 */
@ConfigurationProperties("arca.preservation")
public record PreservationConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "Arca") String publisher,
    @Bindable(defaultValue = "http://localhost:8080") String baseUrl,
    DoiSettings doi) {

  public PreservationConfiguration {
    if (doi == null) {
      doi = new DoiSettings("local", DoiSettings.TEST_PREFIX, false, null);
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /**
   * {@code arca.preservation.doi.*}.
   *
   * @param provider {@code local} (no external service; DOIs are not registered) or {@code datacite}
   * @param prefix the DOI prefix minted under, e.g. {@code 10.5072}
   * @param autoApprove whether a minted DOI is published (made findable) at once rather than waiting for a curator
   * @param datacite the DataCite REST API account, used when {@code provider} is {@code datacite}
   */
  @ConfigurationProperties("doi")
  public record DoiSettings(
      @Bindable(defaultValue = "local") String provider,
      @Bindable(defaultValue = TEST_PREFIX) String prefix,
      @Bindable(defaultValue = "false") boolean autoApprove,
      @Nullable DataCiteSettings datacite) {
    /** DataCite's test prefix: a DOI under it is never meant to resolve. */
    public static final String TEST_PREFIX = "10.5072";

    /**
     * {@code arca.preservation.doi.datacite.*}: the DataCite REST API endpoint and repository credentials.
     *
     * @param endpoint e.g. {@code https://api.test.datacite.org} or {@code https://api.datacite.org}
     * @param username the repository id, e.g. {@code EXAMPLE.ARCA}
     * @param password the repository password
     */
    @ConfigurationProperties("datacite")
    public record DataCiteSettings(
        @Bindable(defaultValue = "https://api.test.datacite.org") String endpoint,
        @Nullable String username,
        @Nullable String password) {

      @Override
      public String toString() {
        return "DataCiteSettings[endpoint=" + endpoint + ", username=" + username + ", password=***]";
      }
    }
  }
}
