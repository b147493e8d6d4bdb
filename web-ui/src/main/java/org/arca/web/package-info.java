/**
 * The web interface: server-rendered pages (Micronaut Views with Thymeleaf) for finding, inspecting and getting
 * images. Pages read the registry through core ports only ({@link org.arca.core.search.ImageSearch},
 * {@link org.arca.core.registry.TagListing}, {@link org.arca.core.registry.RegistryCatalog}), the same ones the
 * JSON API reads, and are complete without JavaScript; htmx, served from this jar, only adds live suggestions.
 */
package org.arca.web;
