package dev.deephavencdi.client;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.testing.TestServer;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import dev.deephavencdi.testing.SharedTicketProbe;

/**
 * The real Deephaven server 0.40.7 as a {@link TestServer}: where it listens and the credentials it requires. It
 * has no embedded view ({@link #embedded()}, {@code stats()}), so a test checks those on the embedded server only
 * ({@link ServerUnderTest#isEmbedded()}); a ticket's end it reports by its gRPC status ({@link #ticketGone}). The
 * {@code RealDeephavenServer} extension owns the process: this adapter never stops it.
 */
final class RealTestServer implements TestServer {
    private final RealDeephavenServerProcess server;

    RealTestServer(RealDeephavenServerProcess server) {
        this.server = server;
    }

    @Override
    public EmbeddedDeephavenServer embedded() {
        throw new IllegalStateException("the real Deephaven server at " + target() + " offers no embedded view"
                + " (stats, bound host): check it only when ServerUnderTest.isEmbedded()");
    }

    @Override
    public String authentication() {
        return server.authentication();
    }

    @Override
    public String target() {
        return server.target();
    }

    @Override
    public String connectHost() {
        return server.host();
    }

    @Override
    public int port() {
        return server.port();
    }

    /**
     * @return whether the ticket answers FAILED_PRECONDITION (its export is released, but the server's weak-values
     *         map keeps the entry until its JVM collects it) or NOT_FOUND (collected)
     */
    boolean ticketGone(SharedTicket ticket) {
        try (SharedTicketProbe probe = new SharedTicketProbe(server.host(), server.port(), authentication())) {
            String status = probe.status(ticket);
            return status.equals("FAILED_PRECONDITION") || status.equals("NOT_FOUND");
        }
    }

    /** Runs a collection in the server's JVM, so that released shared tickets answer NOT_FOUND. */
    void collectGarbage() {
        server.collectGarbage();
    }
}
