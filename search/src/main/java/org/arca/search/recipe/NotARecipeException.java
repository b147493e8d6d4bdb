package org.arca.search.recipe;

/** The content attached as a recipe is not one Arca can read (binary, too large, of no known kind). */
public class NotARecipeException extends Exception {
  public NotARecipeException(String message) {
    super(message);
  }
}
