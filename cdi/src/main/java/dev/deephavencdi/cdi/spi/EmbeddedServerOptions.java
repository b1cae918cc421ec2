package dev.deephavencdi.cdi.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@code deephaven.cdi.embedded.*} configuration asks of the embedded server, already validated.
 *
 * @param host the bind address
 * @param port the port, 0 for any free port
 * @param sessionDuration how long an idle session lives (at least one second)
 * @param updateCycle the update graph cycle for ticking tables (positive)
 * @param compilerCacheDirectory where compiled formulas are cached, if not the provider's default
 */
public record EmbeddedServerOptions(
        String host,
        int port,
        Duration sessionDuration,
        Duration updateCycle,
        Optional<Path> compilerCacheDirectory) {

    public EmbeddedServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sessionDuration, "sessionDuration");
        Objects.requireNonNull(updateCycle, "updateCycle");
        Objects.requireNonNull(compilerCacheDirectory, "compilerCacheDirectory");
    }
}
