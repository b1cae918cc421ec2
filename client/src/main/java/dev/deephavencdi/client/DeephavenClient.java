package dev.deephavencdi.client;

import dev.deephavencdi.client.internal.Connection;
import dev.deephavencdi.client.internal.ConnectionOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One connection (a gRPC channel and its threads) to one Deephaven server, shared by many {@link Session}s:
 * the way to open sessions cheaply and often, for example one per request. The connection opens lazily; building
 * a client does not contact the server.
 *
 * <pre>{@code
 * try (DeephavenClient client = DeephavenClient.builder().target("dh+plain://localhost:10000").build();
 *      Session session = client.newSession()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Closing a session leaves the connection open; closing the client closes every session still open, then the
 * connection. Thread-safe; {@link #close()} is idempotent and never throws.
 */
public final class DeephavenClient implements AutoCloseable {
    private final Connection connection;

    private DeephavenClient(Connection connection) {
        this.connection = connection;
    }

    /** @return a builder; set at least {@link Builder#host} or {@link Builder#target} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a new session with the client's authentication.
     *
     * @return the open session; closing it leaves this client open
     * @throws SessionClosedException if this client was closed
     * @throws ServerUnavailableException if the server cannot be reached
     * @throws AuthenticationFailedException if the server refuses the credentials
     */
    public Session newSession() {
        return connection.openSession(false);
    }

    /** @return the server, as {@code dh+plain://host:port} or {@code dh://host:port} */
    public String target() {
        return connection.settings().targetText();
    }

    /**
     * Checks that the server answers, without opening a session or presenting credentials (it asks for the
     * server's authentication constants, which every Deephaven server gives anyone): for readiness checks.
     *
     * @param timeout how long to wait for the answer, positive
     * @return how long the answer took
     * @throws IllegalArgumentException if the timeout is not positive
     * @throws ServerUnavailableException if the server did not answer within the timeout (or cannot be reached)
     * @throws SessionClosedException if this client was closed
     */
    public Duration ping(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ping timeout must be positive, got " + timeout);
        }
        return connection.ping(timeout);
    }

    /** @return a live, read-only view of this client's sessions and counters (sessions, exports, publishes, ...) */
    public ClientStatistics statistics() {
        return connection.statistics();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return connection.isClosed();
    }

    /** Closes every session still open (releasing their tables), then the connection. Never throws. */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "DeephavenClient[" + target() + (isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Configures a connection to one Deephaven server, then opens it one of two ways: {@link #build()} gives a
     * {@link DeephavenClient} whose sessions share the connection, {@link #connect()} a single {@link Session} with
     * a connection of its own, closed with it ({@link Session#builder()} starts here too). Each setter validates its
     * argument at once ({@link IllegalArgumentException} naming the value and what is allowed); {@code build} and
     * {@code connect} check how they combine.
     *
     * <pre>{@code
     * Session session = Session.builder()
     *         .host("deephaven.internal").port(10000)
     *         .authentication("io.deephaven.authentication.psk.PskAuthenticationHandler " + key)
     *         .connect();
     * }</pre>
     *
     * <p>Not thread-safe: configure it from one thread. Reusable: each {@code build}/{@code connect} opens anew.
     */
    public static final class Builder {
        private final ConnectionOptions options = new ConnectionOptions();

        private Builder() {}

        /**
         * @param host the server's host name or address (not a URL; see {@link #target})
         * @return this builder
         */
        public Builder host(String host) {
            options.host(host);
            return this;
        }

        /**
         * @param port the server's port, 1 to 65535; default 10000
         * @return this builder
         */
        public Builder port(int port) {
            options.port(port);
            return this;
        }

        /**
         * @param target {@code dh+plain://host:port} (plaintext) or {@code dh://host:port} (TLS); instead of
         *        {@link #host}, {@link #port} and {@link #tls}
         * @return this builder
         */
        public Builder target(String target) {
            options.target(target);
            return this;
        }

        /**
         * @param typeAndValue the authentication handler type and its value, sent as the official client's
         *        {@code authenticationTypeAndValue} by every session; default {@code "Anonymous"}. For a pre-shared
         *        key: {@code "io.deephaven.authentication.psk.PskAuthenticationHandler <key>"}
         * @return this builder
         */
        public Builder authentication(String typeAndValue) {
            options.authentication(typeAndValue);
            return this;
        }

        /**
         * @param tls whether to connect with TLS (trusting the JVM's default CAs unless {@link #trustCertificate})
         * @return this builder
         */
        public Builder tls(boolean tls) {
            options.tls(tls);
            return this;
        }

        /**
         * @param pem a PEM file with the CA certificate(s) to trust for TLS; implies {@code tls(true)}
         * @return this builder
         */
        public Builder trustCertificate(Path pem) {
            options.trustCertificate(pem);
            return this;
        }

        /**
         * @return a client; the channel connects when the first session opens
         * @throws IllegalArgumentException if no server was given, or the options contradict each other
         */
        public DeephavenClient build() {
            return new DeephavenClient(new Connection(options.resolve()));
        }

        /**
         * Connects and opens one session with a connection of its own.
         *
         * @return the open session, which closes its connection when closed
         * @throws IllegalArgumentException if no server was given, or the options contradict each other
         * @throws ServerUnavailableException if the server cannot be reached
         * @throws AuthenticationFailedException if the server refuses the credentials
         */
        public Session connect() {
            Connection connection = new Connection(options.resolve());
            try {
                return connection.openSession(true);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }
}
