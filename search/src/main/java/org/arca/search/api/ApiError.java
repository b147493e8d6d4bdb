package org.arca.search.api;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The error body of the search API, in the same shape as the registry's: {@code {"errors":[{"code","message","detail"}]}}.
 */
@Serdeable
public record ApiError(List<Entry> errors) {

  /** @param detail where in the query the problem is ({@code {"position": n}}), or null */
  @Serdeable
  public record Entry(String code, String message, Detail detail) {}

  @Serdeable
  public record Detail(int position) {}

  static ApiError of(String code, String message, int position) {
    return new ApiError(List.of(new Entry(code, message, position < 0 ? null : new Detail(position))));
  }
}
