package dev.deephavencdi.cdi.spi;

/**
 * Starts the local Deephaven server that sessions without a configured host connect to. The CDI core finds an
 * implementation with {@link java.util.ServiceLoader} (as grpc-java finds its transport), so an application ships a
 * server only when it adds one: {@code dev.deephavencdi:deephaven-cdi-embedded} provides the embedded,
 * Deephaven-compatible server. With no provider, every session must configure a host.
 *
 * <p>Implementations need a public no-argument constructor and an entry in
 * {@code META-INF/services/dev.deephavencdi.cdi.spi.EmbeddedServerProvider}. The CDI core calls {@link #start} at
 * most once per container, at startup, and closes what it returns at shutdown.
 */
public interface EmbeddedServerProvider {
    /**
     * Starts a server and returns once it accepts connections.
     *
     * @throws RuntimeException if the server cannot start (the port is taken, say), with a message saying why
     */
    EmbeddedServer start(EmbeddedServerOptions options);

    /** A started server. */
    interface EmbeddedServer extends AutoCloseable {
        /** @return the target clients connect to, {@code dh+plain://host:port} */
        String target();

        /** @return the port it listens on (the chosen one when started on port 0) */
        int port();

        /**
         * @return the {@code authorization} value its clients present: {@code "Anonymous"} where anonymous access
         *     was configured, otherwise the pre-shared-key handler and its key (configured or generated). The CDI
         *     core's own sessions use it; it is never shown to other clients.
         */
        String authentication();

        /** Stops the server, ending every session on it; idempotent. */
        @Override
        void close();
    }
}
