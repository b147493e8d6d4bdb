package org.arca.preservation.archive;

import org.arca.core.Reference;
import org.arca.core.RepositoryName;

/** An image to export: a tag or digest in a repository. Every tag pointing at the same manifest comes along. */
public record ImageSelection(RepositoryName repository, Reference reference) {

  public static ImageSelection of(String repository, String reference) {
    return new ImageSelection(RepositoryName.parse(repository), Reference.parse(reference));
  }
}
