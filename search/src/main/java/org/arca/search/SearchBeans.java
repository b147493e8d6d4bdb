package org.arca.search;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.search.index.ImageReader;
import org.arca.search.index.IndexEnricher;
import org.arca.search.index.SearchIndex;
import org.arca.search.index.SearchIndexer;
import org.arca.search.index.SearchLimits;
import org.arca.search.query.ImageSearcher;

/**
 * Creates the search beans from the registry's ports ({@link RegistryCatalog}, {@link BlobStore}, which the
 * application provides) and the {@code arca.search} settings.
 */
@Factory
@Requires(property = "arca.search.enabled", notEquals = "false")
public class SearchBeans {

  @Singleton
  @Bean(preDestroy = "close")
  SearchIndex searchIndex(SearchConfiguration configuration, @Value("${arca.data-dir:./data}") String dataDir)
      throws IOException {
    Path dir = configuration.indexDir() != null ? configuration.indexDir() : Path.of(dataDir, "search");
    return SearchIndex.open(dir);
  }

  @Singleton
  SearchLimits searchLimits(SearchConfiguration configuration) {
    return new SearchLimits(configuration.maxLayerBytes(), configuration.maxDocuments(),
        configuration.maxDocumentChars());
  }

  @Singleton
  ImageReader imageReader(RegistryCatalog catalog, BlobStore blobs, SearchLimits limits) {
    return new ImageReader(catalog, blobs, limits);
  }

  @Singleton
  @Bean(preDestroy = "close")
  SearchIndexer searchIndexer(SearchIndex index, RegistryCatalog catalog, ImageReader reader,
      List<IndexEnricher> enrichers, SearchConfiguration configuration) {
    return new SearchIndexer(index, catalog, reader, enrichers, configuration.queueCapacity());
  }

  @Singleton
  ImageSearcher imageSearcher(SearchIndex index) {
    return new ImageSearcher(index);
  }
}
