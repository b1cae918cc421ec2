package dev.deephavencdi.server.testing;

import dev.deephavencdi.server.EmbeddedDeephavenServer;

/** A server a test started itself and closes itself (a second server, or one it shuts down mid-test). */
public final class StartedServer implements TestServer, AutoCloseable {
    private final EmbeddedDeephavenServer server;
    private final String authentication;

    StartedServer(EmbeddedDeephavenServer server, String authentication) {
        this.server = server;
        this.authentication = authentication;
    }

    @Override
    public EmbeddedDeephavenServer embedded() {
        return server;
    }

    @Override
    public String authentication() {
        return authentication;
    }

    /** Stops the server; idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
