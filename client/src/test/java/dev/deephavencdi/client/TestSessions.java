package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.TestServer;

/** Our client on a test's server, with the server's address and credentials (both from {@link TestServer}). */
final class TestSessions {
    private TestSessions() {}

    /** @return a private connection and session */
    static Session connect(TestServer server) {
        return Session.builder().target(server.target()).authentication(server.authentication()).connect();
    }

    /** @return a shared connection whose sessions log in with the server's credentials */
    static DeephavenClient client(TestServer server) {
        return DeephavenClient.builder().target(server.target()).authentication(server.authentication()).build();
    }
}
