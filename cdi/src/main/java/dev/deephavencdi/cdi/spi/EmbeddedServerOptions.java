package dev.deephavencdi.cdi.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param preSharedKey the key clients must present; empty: the provider generates one (unless anonymous)
 * @param anonymous whether clients may connect without a key (explicitly configured, never a default)
 * @param formulaAllowList whether formulas may call only the allowed classes and methods
 * @param allowedFormulaClasses classes formulas may call beyond the default list
 * @param allowedFormulaMethods methods ({@code Class#method}) formulas may call beyond the default list
 * @param maxRequestMemory the per-request memory budget in bytes, if not derived from the heap
 * @param maxSessionMemory the per-session memory budget in bytes, if not derived from the heap
 */
public record EmbeddedServerOptions(
        String host,
        int port,
        Duration sessionDuration,
        Duration updateCycle,
        Optional<Path> compilerCacheDirectory,
        Optional<String> preSharedKey,
        boolean anonymous,
        boolean formulaAllowList,
        List<String> allowedFormulaClasses,
        List<String> allowedFormulaMethods,
        Optional<Long> maxRequestMemory,
        Optional<Long> maxSessionMemory) {

    public EmbeddedServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sessionDuration, "sessionDuration");
        Objects.requireNonNull(updateCycle, "updateCycle");
        Objects.requireNonNull(compilerCacheDirectory, "compilerCacheDirectory");
        Objects.requireNonNull(preSharedKey, "preSharedKey");
        allowedFormulaClasses = List.copyOf(allowedFormulaClasses);
        allowedFormulaMethods = List.copyOf(allowedFormulaMethods);
        Objects.requireNonNull(maxRequestMemory, "maxRequestMemory");
        Objects.requireNonNull(maxSessionMemory, "maxSessionMemory");
    }
}
