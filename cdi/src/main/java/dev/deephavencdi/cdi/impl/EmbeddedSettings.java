package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.spi.EmbeddedServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param preSharedKey the key clients authenticate with, if not a generated one
 * @param anonymous whether anonymous clients are accepted instead
 * @param formulaAllowList whether formulas are checked against the allow list
 * @param allowedFormulaClasses classes formulas may call in addition to the defaults
 * @param allowedFormulaMethods {@code class#method} entries formulas may call in addition to the defaults
 * @param maxRequestMemory the per-request memory budget in bytes, if not the default
 * @param maxSessionMemory the per-session memory budget in bytes, if not the default
 * @param runningTarget where an embedded server started outside the container runs (the Quarkus Dev Service); the
 *     container then starts none and sessions without a host connect there
 * @param runningAuthentication the authentication that server's clients present, set with {@code runningTarget}
 */
record EmbeddedSettings(
        boolean enabled,
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
        Optional<Long> maxSessionMemory,
        Optional<String> runningTarget,
        Optional<String> runningAuthentication) {

    /** @return what the embedded server provider is asked to start */
    EmbeddedServerOptions options() {
        return new EmbeddedServerOptions(host, port, sessionDuration, updateCycle, compilerCacheDirectory,
                preSharedKey, anonymous, formulaAllowList, allowedFormulaClasses, allowedFormulaMethods,
                maxRequestMemory, maxSessionMemory);
    }
}
