package org.arca.converter.layer;

import java.io.IOException;

/** A layer that cannot be read as a tar archive or cannot be applied to the layers below it. */
public class LayerFormatException extends IOException {
  public LayerFormatException(String message) {
    super(message);
  }
}
