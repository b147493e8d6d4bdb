package org.arca.registry.fixity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;

/**
 * Fixity checking of stored blobs.
 *
 * @param scrub false stops this instance from scheduling the scrub (fsck and the checks on download still work)
 * @param cycle the scrub re-hashes every blob once per cycle
 * @param interval how often the scrub wakes to check its share of the cycle; each run checks about
 *     {@code interval / cycle} of the stored bytes
 * @param bandwidth bytes per second the scrub reads at most, so that pulls keep the disk ({@code 50MB})
 * @param verifyDownloads hash every full blob download while it is sent and break the connection when the bytes do
 *     not match their digest (not possible with {@code arca.registry.sendfile}, which sends without reading)
 */
@ConfigurationProperties("arca.fixity")
public record FixityConfiguration(
    @Bindable(defaultValue = "true") boolean scrub,
    @Bindable(defaultValue = "30d") Duration cycle,
    @Bindable(defaultValue = "1h") Duration interval,
    @Bindable(defaultValue = "50MB") @ReadableBytes long bandwidth,
    @Bindable(defaultValue = "false") boolean verifyDownloads) {}
