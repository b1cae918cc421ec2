package dev.deephavencdi.client.internal;

import dev.deephavencdi.proto.Protocol;
import io.deephaven.ssl.config.SSLConfig;
import io.deephaven.ssl.config.TrustCertificates;
import io.deephaven.uri.DeephavenTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The connection options behind {@code DeephavenClient.Builder} (also {@code Session.builder()}). Each setter
 * validates its own argument at once; {@link #resolve()} checks how they combine. Not thread-safe.
 */
public final class ConnectionOptions {
    /** The port a real Deephaven server listens on by default. */
    public static final int DEFAULT_PORT = Protocol.DEFAULT_PORT;
    /** The authentication of a server that accepts anyone. */
    public static final String ANONYMOUS = Protocol.ANONYMOUS;

    private static final String PLAINTEXT_SCHEME = "dh+plain";
    private static final String TLS_SCHEME = "dh";

    private String host;
    private Integer port;
    private Boolean tls;
    private URI target;
    private String authentication = ANONYMOUS;
    private Path trustCertificate;

    public void host(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank; e.g. \"localhost\"");
        }
        if (host.contains("://") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("host \"" + host + "\" must be a bare host name or address; for a URL"
                    + " like dh+plain://host:port use target(...) instead");
        }
        if (host.indexOf(':') >= 0) {
            // the official client builds "dns:///" + host + ":" + port, which no IPv6 literal survives
            throw new IllegalArgumentException("host \"" + host + "\" is an IPv6 literal, which the Deephaven Java"
                    + " client cannot connect to; use a host name (e.g. \"localhost\") or an IPv4 address");
        }
        this.host = host;
    }

    public void port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port
                    + " (a Deephaven server listens on " + DEFAULT_PORT + " by default)");
        }
        this.port = port;
    }

    public void target(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target must not be blank; e.g. \"dh+plain://localhost:10000\"");
        }
        URI uri;
        try {
            uri = new URI(target.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target \"" + target + "\" is not a valid URI: " + e.getMessage()
                    + "; expected dh+plain://host:port (plaintext) or dh://host:port (TLS)", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(PLAINTEXT_SCHEME) && !scheme.equals(TLS_SCHEME)) {
            throw new IllegalArgumentException("target \"" + target + "\" has scheme \"" + uri.getScheme()
                    + "\"; expected dh+plain://host:port (plaintext) or dh://host:port (TLS)");
        }
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("target \"" + target + "\" must be exactly " + scheme
                    + "://host[:port], without user, path or query");
        }
        try {
            DeephavenTarget.of(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("target \"" + target + "\" is not a Deephaven target: "
                    + e.getMessage(), e);
        }
        this.target = uri;
    }

    public void authentication(String typeAndValue) {
        if (typeAndValue == null || typeAndValue.isBlank()) {
            throw new IllegalArgumentException("authentication must not be blank; use \"" + ANONYMOUS
                    + "\" or \"<handler type> <value>\", e.g."
                    + " \"io.deephaven.authentication.psk.PskAuthenticationHandler <key>\"");
        }
        if (typeAndValue.indexOf('\n') >= 0 || typeAndValue.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("authentication must be a single line (it travels in a header)");
        }
        this.authentication = typeAndValue.strip();
    }

    public void tls(boolean tls) {
        this.tls = tls;
    }

    public void trustCertificate(Path pem) {
        Objects.requireNonNull(pem, "pem");
        if (!Files.isRegularFile(pem) || !Files.isReadable(pem)) {
            throw new IllegalArgumentException("trust certificate " + pem.toAbsolutePath()
                    + " is not a readable file; pass a PEM file with the CA certificate(s) to trust");
        }
        this.trustCertificate = pem;
    }

    /**
     * @return the validated settings
     * @throws IllegalArgumentException if no server was named, or the options contradict each other
     */
    public ConnectionSettings resolve() {
        URI uri = target != null ? targetAlone() : fromHostAndPort();
        boolean secure = uri.getScheme().equalsIgnoreCase(TLS_SCHEME);
        if (trustCertificate != null && !secure) {
            throw new IllegalArgumentException("trustCertificate(...) needs TLS, but the target " + uri
                    + " is plaintext; use tls(true) or a dh:// target");
        }
        SSLConfig ssl = !secure ? null
                : trustCertificate == null ? SSLConfig.empty()
                : SSLConfig.builder().trust(TrustCertificates.of(trustCertificate.toString())).build();
        return new ConnectionSettings(DeephavenTarget.of(uri), authentication, ssl);
    }

    private URI targetAlone() {
        if (host != null || port != null || tls != null) {
            throw new IllegalArgumentException("set either target(\"" + target + "\") or host/port/tls, not both");
        }
        return target;
    }

    private URI fromHostAndPort() {
        if (host == null) {
            throw new IllegalArgumentException("no server given: set host(...) (and port(...), default "
                    + DEFAULT_PORT + ") or target(\"dh+plain://host:port\")");
        }
        boolean secure = Boolean.TRUE.equals(tls) || (tls == null && trustCertificate != null);
        int effectivePort = port == null ? DEFAULT_PORT : port;
        return URI.create((secure ? TLS_SCHEME : PLAINTEXT_SCHEME) + "://" + host + ":" + effectivePort);
    }
}
