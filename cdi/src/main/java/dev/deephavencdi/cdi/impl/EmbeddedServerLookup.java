package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import dev.deephavencdi.cdi.spi.EmbeddedServerProvider;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the {@link EmbeddedServerProvider} on the application's class path, as grpc-java finds its transport. */
final class EmbeddedServerLookup {
    /** The artifact that provides the embedded server; named in the error when none is found. */
    static final String ARTIFACT = "dev.deephavencdi:deephaven-cdi-embedded";

    private EmbeddedServerLookup() {}

    /** @return the first provider the context class loader (or ours) lists, if any */
    static Optional<EmbeddedServerProvider> find() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Optional<EmbeddedServerProvider> found = first(ServiceLoader.load(EmbeddedServerProvider.class, loader));
        if (found.isEmpty() && loader != EmbeddedServerLookup.class.getClassLoader()) {
            found = first(ServiceLoader.load(EmbeddedServerProvider.class, EmbeddedServerLookup.class.getClassLoader()));
        }
        return found;
    }

    /**
     * @return the provider a session without a host must use
     * @throws InvalidConfigurationException naming the artifact to add and the key to set, if there is none
     */
    static EmbeddedServerProvider require(SessionSettings session) {
        return find().orElseThrow(() -> new InvalidConfigurationException(
                ConfigKeys.sessionKey(session.name(), ConfigKeys.HOST), "the " + session.displayName()
                        + " has no host, and no embedded Deephaven server is on the class path; set "
                        + ConfigKeys.sessionKey(session.name(), ConfigKeys.HOST) + " (or "
                        + ConfigKeys.sessionKey(session.name(), ConfigKeys.TARGET) + ") to a Deephaven server, or add"
                        + " the artifact " + ARTIFACT + " for the embedded one (development and tests)"));
    }

    private static Optional<EmbeddedServerProvider> first(ServiceLoader<EmbeddedServerProvider> loader) {
        Iterator<EmbeddedServerProvider> providers = loader.iterator();
        try {
            return providers.hasNext() ? Optional.of(providers.next()) : Optional.empty();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("the embedded server provider on the class path cannot be loaded: "
                    + e.getMessage() + "; check that " + ARTIFACT + " matches the version of deephaven-cdi", e);
        }
    }
}
