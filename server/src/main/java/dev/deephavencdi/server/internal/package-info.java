/**
 * Implementation of the embedded server. Nothing here is API: it may change in any release.
 *
 * <p>Data flows one way: {@code grpc} (service bindings and the auth interceptor) → {@code session} (sessions,
 * tokens, exports, shared tickets) → {@code table} (proto operations turned into engine calls) → {@code engine}
 * (the Deephaven engine's execution context and update graph). {@code flight} serializes tables to Arrow for
 * {@code DoGet} and schema headers.
 */
package dev.deephavencdi.server.internal;
