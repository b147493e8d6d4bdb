package org.arca.web;

import io.micronaut.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What every page's model holds, and the links pages build: page numbers, query strings, image paths. */
final class Pages {
  /** Page numbers past this are refused by the search anyway; a bigger one is read as the last useful one. */
  private static final int MAX_PAGE = 10_000;

  private Pages() {}

  static Map<String, Object> model(HttpRequest<?> request, PageReaders readers, String title) {
    Map<String, Object> model = new HashMap<>();
    model.put("pageTitle", title);
    model.put("user", readers.signedIn(request).orElse(null));
    return model;
  }

  /** The 1-based page number of a query parameter; anything unreadable is the first page. */
  static int pageNumber(String text) {
    if (text == null) {
      return 1;
    }
    try {
      return Math.max(1, Math.min(MAX_PAGE, Integer.parseInt(text.strip())));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** The links of a pager: previous, a window of numbers around {@code page}, next. */
  static Map<String, Object> links(String path, Map<String, String> query, int page, long total, int size) {
    int last = (int) Math.max(1, Math.min(MAX_PAGE, (total + size - 1) / size));
    List<Map<String, Object>> numbers = new ArrayList<>();
    for (int n = Math.max(1, page - 3); n <= Math.min(last, page + 3); n++) {
      numbers.add(Map.of("number", n, "href", withPage(path, query, n), "current", n == page));
    }
    Map<String, Object> pager = new HashMap<>();
    pager.put("numbers", numbers);
    pager.put("previous", page > 1 ? withPage(path, query, page - 1) : null);
    pager.put("next", page < last ? withPage(path, query, page + 1) : null);
    pager.put("show", last > 1);
    return pager;
  }

  private static String withPage(String path, Map<String, String> query, int page) {
    Map<String, String> all = new java.util.LinkedHashMap<>(query);
    all.put("page", Integer.toString(page));
    return withQuery(path, all);
  }

  /** {@code path?k=v&...}, leaving out empty values. */
  static String withQuery(String path, Map<String, String> query) {
    String encoded = query.entrySet().stream()
        .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return encoded.isEmpty() ? path : path + "?" + encoded;
  }

  static String repositoryPath(String repository) {
    return "/r/" + repository;
  }

  /** The image page of a tag or a digest ({@code sha256:...}). */
  static String imagePath(String repository, String reference) {
    return "/r/" + repository + "/" + reference;
  }

  /** A query value, in quotes when it holds anything but a plain word. */
  static String quoted(String value) {
    return value.matches("[A-Za-z0-9._/+-]+") ? value : "\"" + value.replace("\"", "") + "\"";
  }
}
