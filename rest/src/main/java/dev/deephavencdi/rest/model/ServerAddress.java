package dev.deephavencdi.rest.model;

/**
 * The Deephaven server a ticket lives on.
 *
 * @param target the Java client's target, e.g. {@code dh+plain://localhost:10000}
 * @param host the host, for pydeephaven's {@code Session(host=..., port=...)}
 * @param port the port
 * @param tls whether the server speaks TLS
 */
public record ServerAddress(String target, String host, int port, boolean tls) {}
