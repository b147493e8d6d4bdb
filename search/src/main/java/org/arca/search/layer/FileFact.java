package org.arca.search.layer;

import java.util.List;
import org.arca.search.image.FoundDocument;
import org.arca.search.recipe.InstalledPackage;

/** What one file in an image's filesystem tells search: the packages a package database lists, or a document. */
public sealed interface FileFact {

  record Packages(List<InstalledPackage> packages) implements FileFact {
    public Packages {
      packages = List.copyOf(packages);
    }
  }

  record Document(FoundDocument document) implements FileFact {}
}
