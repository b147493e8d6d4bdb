package org.arca.search.query;

import java.util.Collection;
import java.util.List;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.arca.core.RepositoryName;
import org.arca.search.index.SearchFields;

/**
 * Visibility filters for {@link SearchRequest#visibility()}: the repositories or namespaces whose images a reader
 * may see. An access-control module builds one per request, so that nobody sees hits from repositories they cannot
 * read, without knowing the index's field names.
 */
public final class Visibility {

  private Visibility() {}

  /** Only images in these repositories. */
  public static Query repositories(Collection<RepositoryName> repositories) {
    return terms(SearchFields.REPOSITORY, repositories.stream().map(RepositoryName::value).toList());
  }

  /** Only images in repositories under these namespaces (first path components). */
  public static Query namespaces(Collection<String> namespaces) {
    return terms(SearchFields.NAMESPACE, List.copyOf(namespaces));
  }

  /** Every image except those in {@code hidden}; null (no filter) when nothing is hidden. */
  public static Query allExcept(Collection<RepositoryName> hidden) {
    if (hidden.isEmpty()) {
      return null;
    }
    return new BooleanQuery.Builder()
        .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
        .add(repositories(hidden), BooleanClause.Occur.MUST_NOT)
        .build();
  }

  /** Nothing at all (an anonymous reader of a private instance). */
  public static Query nothing() {
    return new MatchNoDocsQuery("not visible");
  }

  private static Query terms(String field, List<String> values) {
    if (values.isEmpty()) {
      return nothing();
    }
    return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
  }
}
