/**
 * An embedded server that speaks the Deephaven gRPC and Arrow Flight protocol on the real Deephaven engine.
 *
 * <p>Start one with {@link dev.deephavencdi.server.EmbeddedDeephavenServer#builder()}; the official Deephaven
 * clients (Java and pydeephaven) connect to it as to a real server, and the official Java Barrage client snapshots
 * and subscribes to its tables, ticking ones included. {@link dev.deephavencdi.server.ServerStats}
 * reports what it holds, so tests can assert that nothing leaked. Everything under {@code internal} is
 * implementation.
 */
package dev.deephavencdi.server;
