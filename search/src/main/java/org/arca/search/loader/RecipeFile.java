package org.arca.search.loader;

import java.nio.file.Path;
import org.arca.core.RepositoryName;
import org.arca.search.recipe.RecipeKind;

/** A recipe found in a folder, with the repository and tag its image is pushed under. */
public record RecipeFile(Path path, String relativePath, RepositoryName repository, String tag, RecipeKind kind) {}
