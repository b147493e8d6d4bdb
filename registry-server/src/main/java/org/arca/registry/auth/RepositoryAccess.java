package org.arca.registry.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route under {@code /v2/<name>/...} with the action it needs on repository {@code <name>}. The
 * authentication filter checks it before the controller runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface RepositoryAccess {
  Action value();
}
