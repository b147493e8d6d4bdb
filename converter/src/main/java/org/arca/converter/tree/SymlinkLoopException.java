package org.arca.converter.tree;

/** A path whose resolution meets more symlinks than the kernel would follow (a loop, usually). */
public final class SymlinkLoopException extends Exception {
  public SymlinkLoopException(String path) {
    super("too many levels of symbolic links in " + ByteStrings.toText(path));
  }
}
