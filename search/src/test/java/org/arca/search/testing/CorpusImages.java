package org.arca.search.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.MediaTypes;
import org.arca.core.event.RegistryEvent;
import org.arca.search.loader.Blob;
import org.arca.search.loader.RecipeFile;
import org.arca.search.loader.RecipeFolder;
import org.arca.search.loader.RecipeImage;
import org.arca.search.recipe.NotARecipeException;
import org.arca.search.recipe.Recipe;
import org.arca.search.recipe.RecipeReader;

/** The shared recipe corpora as images in a fake registry, built exactly as the loader builds them. */
public final class CorpusImages {
  public static final Path CORPUS = Path.of(System.getProperty("arca.corpus", "/work/shared/corpus"));
  public static final Path BIOCONTAINERS = CORPUS.resolve("biocontainers");
  public static final Path DAMONA = CORPUS.resolve("damona/recipes");

  private CorpusImages() {}

  /** Every recipe of both corpora. */
  public static List<RecipeFile> all() {
    try {
      List<RecipeFile> files = new ArrayList<>(RecipeFolder.scan(BIOCONTAINERS, "biocontainers"));
      files.addAll(RecipeFolder.scan(DAMONA, "damona"));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RecipeImage build(RecipeReader reader, RecipeFile file) {
    try {
      byte[] bytes = Files.readAllBytes(file.path());
      Recipe recipe = reader.read(bytes, file.kind(), file.path().getFileName().toString());
      return RecipeImage.of(file, recipe, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NotARecipeException e) {
      throw new IllegalStateException(file.relativePath() + ": " + e.getMessage(), e);
    }
  }

  /** Pushes one recipe's image and its recipe artifact; returns the events. */
  public static List<RegistryEvent> push(FakeRegistry registry, RecipeFile file, RecipeImage image) {
    for (Blob blob : image.blobs()) {
      registry.putBlob(blob.bytes());
    }
    List<RegistryEvent> events = new ArrayList<>(
        registry.push(file.repository(), file.tag(), MediaTypes.OCI_MANIFEST, image.manifest().bytes()));
    events.addAll(registry.push(file.repository(), null, MediaTypes.OCI_MANIFEST, image.artifact().bytes()));
    return events;
  }

  /** Loads every corpus recipe into the registry (without events: a rebuild indexes them). */
  public static int load(FakeRegistry registry) {
    RecipeReader reader = new RecipeReader();
    List<RecipeFile> files = all();
    for (RecipeFile file : files) {
      push(registry, file, build(reader, file));
    }
    return files.size();
  }
}
