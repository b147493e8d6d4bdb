package org.arca.core.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint of a feature module that only curators or admins may call (a rebuild, an approval). The
 * registry's authentication filter enforces it, so features need not know how accounts work.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {
  ArchiveRole value();

  /** Roles across the archive: curators look after it, admins run it (and may do what curators do). */
  enum ArchiveRole { CURATOR, ADMIN }
}
