package dev.deephavencdi.client;

import dev.deephavencdi.client.internal.Connection;
import dev.deephavencdi.client.internal.ConnectionOptions;
import java.nio.file.Path;

/**
 * Configures and opens a {@link Session} with its own connection, closed with the session. Each setter validates
 * its argument at once ({@link IllegalArgumentException} naming the value and what is allowed); {@link #connect()}
 * checks how they combine. To open many sessions over one connection, use {@link DeephavenClient} instead.
 *
 * <pre>{@code
 * Session session = Session.builder()
 *         .host("deephaven.internal").port(10000)
 *         .authentication("io.deephaven.authentication.psk.PskAuthenticationHandler " + key)
 *         .connect();
 * }</pre>
 *
 * <p>Not thread-safe: configure it from one thread. Reusable: each {@link #connect()} opens a new session.
 */
public final class SessionBuilder {
    private final ConnectionOptions options;

    SessionBuilder(ConnectionOptions options) {
        this.options = options;
    }

    /**
     * @param host the server's host name or address (not a URL; see {@link #target})
     * @return this builder
     */
    public SessionBuilder host(String host) {
        options.host(host);
        return this;
    }

    /**
     * @param port the server's port, 1 to 65535; default 10000
     * @return this builder
     */
    public SessionBuilder port(int port) {
        options.port(port);
        return this;
    }

    /**
     * @param target {@code dh+plain://host:port} (plaintext) or {@code dh://host:port} (TLS); instead of
     *        {@link #host}, {@link #port} and {@link #tls}
     * @return this builder
     */
    public SessionBuilder target(String target) {
        options.target(target);
        return this;
    }

    /**
     * @param typeAndValue the authentication handler type and its value, sent as the official client's
     *        {@code authenticationTypeAndValue}; default {@code "Anonymous"}. For a pre-shared key:
     *        {@code "io.deephaven.authentication.psk.PskAuthenticationHandler <key>"}
     * @return this builder
     */
    public SessionBuilder authentication(String typeAndValue) {
        options.authentication(typeAndValue);
        return this;
    }

    /**
     * @param tls whether to connect with TLS (trusting the JVM's default CAs unless {@link #trustCertificate})
     * @return this builder
     */
    public SessionBuilder tls(boolean tls) {
        options.tls(tls);
        return this;
    }

    /**
     * @param pem a PEM file with the CA certificate(s) to trust for TLS; implies {@code tls(true)}
     * @return this builder
     */
    public SessionBuilder trustCertificate(Path pem) {
        options.trustCertificate(pem);
        return this;
    }

    /**
     * Connects and opens the session.
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
