package org.arca.core.image;

import java.io.IOException;

/**
 * A layer whose media type says it is encrypted ({@code +encrypted}, as ocicrypt writes it): Arca holds no keys, so no
 * retry will read it.
 */
public class EncryptedLayerException extends IOException {
  public EncryptedLayerException(String message) {
    super(message);
  }
}
