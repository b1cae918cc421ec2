package dev.deephavencdi.cdi.impl;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How one named session connects. With neither host nor target it uses the embedded server.
 *
 * @param name the session name; empty for the default session
 * @param host the server host, if configured
 * @param port the server port (default 10000)
 * @param target a full target ({@code dh+plain://host:port} or {@code dh://host:port}) instead of host/port
 * @param authentication the authentication type and value, e.g. {@code Anonymous}
 * @param tls whether to use TLS with host/port
 * @param trustCertificate a PEM file of certificates to trust, for TLS
 */
record SessionSettings(
        String name,
        Optional<String> host,
        int port,
        Optional<String> target,
        String authentication,
        boolean tls,
        Optional<Path> trustCertificate) {

    boolean usesEmbeddedServer() {
        return host.isEmpty() && target.isEmpty();
    }

    /** @return the name as it appears in logs and messages */
    String displayName() {
        return name.isEmpty() ? "default session" : "session '" + name + "'";
    }
}
