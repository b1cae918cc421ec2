package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.spi.EmbeddedServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The embedded server that sessions without a host connect to.
 *
 * @param enabled whether it may start (when false, every session must configure a host)
 * @param host the bind address
 * @param port the port, 0 for any free port
 * @param sessionDuration how long an idle session lives
 * @param updateCycle the update graph cycle for ticking tables
 * @param compilerCacheDirectory where compiled formulas are cached, if not the default
 */
record EmbeddedSettings(
        boolean enabled,
        String host,
        int port,
        Duration sessionDuration,
        Duration updateCycle,
        Optional<Path> compilerCacheDirectory) {

    /** @return what the embedded server provider is asked to start */
    EmbeddedServerOptions options() {
        return new EmbeddedServerOptions(host, port, sessionDuration, updateCycle, compilerCacheDirectory);
    }
}
