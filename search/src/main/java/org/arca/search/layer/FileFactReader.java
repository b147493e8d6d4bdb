package org.arca.search.layer;

import java.io.IOException;
import java.io.InputStream;

/** Chooses the files of an image that search reads and reads each into a {@link FileFact}. */
public interface FileFactReader {

  boolean wants(String path);

  /**
   * Reads one file; {@code in} is positioned at its content and must not be closed.
   *
   * @return the fact, or null when the file turns out to say nothing
   */
  FileFact read(String path, InputStream in, long size) throws IOException;
}
