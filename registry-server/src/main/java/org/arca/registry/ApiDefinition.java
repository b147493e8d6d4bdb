package org.arca.registry;

import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.arca.search.api.SearchController;
import org.arca.web.ImageApi;

/**
 * The head of the OpenAPI description that the {@code micronaut-openapi} annotation processor writes, at compile
 * time, to {@code META-INF/swagger/arca.yml}; the paths come from the controllers. The server serves it at
 * {@code /swagger/arca.yml} and {@code docs/api/openapi.yml} is a checked copy (see docs/api/README.md).
 *
 * <p>The processor only sees the classes of the module it compiles, so controllers of the feature modules are
 * listed in {@link OpenAPIInclude}: then one file describes the whole server.
 */
@OpenAPIDefinition(
    info = @Info(
        title = "Arca",
        version = "${arca.version}",
        description = """
            Registry and preservation archive for research container images. `/v2/` is the OCI Distribution \
            Specification 1.1 API that docker, podman, skopeo, oras and Jib use; `/auth/token` issues its bearer \
            tokens; `/api/v1/` is Arca's JSON API (accounts, repository settings, search, SIF conversions, DOIs, \
            provenance, archival exports); `/sif/`, `/doi/` and `/cite/` serve SIF downloads and citable landing \
            pages. Public content may be read anonymously; everything else takes Basic credentials (a password or a \
            robot token) or a bearer token from `/auth/token`. Each `/api/v1/` operation lists the credentials it \
            accepts: managing accounts takes a user's password (`basic`) only; docs/security.md has the table."""),
    security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "robot"),
        @SecurityRequirement(name = "bearer")})
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
    description = "A user's name and password: everything the account may do.")
@SecurityScheme(name = "robot", type = SecuritySchemeType.HTTP, scheme = "basic",
    description = "A robot's name (`<namespace>+<robot>`) and token: its actions in its namespaces.")
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
    description = "A registry token from `/auth/token` (the OCI token flow: a 401 names the realm and scope to ask"
        + " for): the actions it names on the repositories it names, and nothing that manages accounts.")
@OpenAPIInclude(classes = {SearchController.class, ImageApi.class})
final class ApiDefinition {
  private ApiDefinition() {}
}
