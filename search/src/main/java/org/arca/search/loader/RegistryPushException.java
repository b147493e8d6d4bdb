package org.arca.search.loader;

/** A push the registry refused or that could not reach it, with what was being done and the registry's answer. */
public class RegistryPushException extends Exception {
  public RegistryPushException(String message) {
    super(message);
  }

  public RegistryPushException(String message, Throwable cause) {
    super(message, cause);
  }
}
