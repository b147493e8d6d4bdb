package org.arca.registry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;

/**
 * Where an instance keeps what it owns: blobs, uploads, the embedded database, the search index and keys, all below
 * one directory so that a backup is one copy. Set by {@code arca.data-dir} or {@code ARCA_DATA_DIR}.
 */
@ConfigurationProperties("arca")
public record ArcaConfiguration(@Bindable(defaultValue = "./data") Path dataDir) {}
