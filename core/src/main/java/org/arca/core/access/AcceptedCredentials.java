package org.arca.core.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which credentials an endpoint of the JSON API ({@code /api/v1}) accepts. An endpoint without it accepts only a
 * user's password: it manages accounts, and a robot or a registry token, made to push and pull, must not reach
 * them. The registry's authentication filter enforces it and answers 403 to other credentials; callers without
 * credentials pass, for the endpoint to decide. docs/security.md has the table of every endpoint.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AcceptedCredentials {
  Credential[] value();

  /** What a caller may present. */
  enum Credential {
    /** A user's name and password (HTTP Basic). */
    PASSWORD,
    /** A robot's name and token (HTTP Basic): the robot's actions in its namespaces. */
    ROBOT_TOKEN,
    /** A bearer token from the token endpoint: the actions it names on the repositories it names. */
    REGISTRY_TOKEN
  }
}
