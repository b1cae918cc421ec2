/**
 * Implementation of the embedded server. Nothing here is API: it may change in any release.
 *
 * <p>Data flows one way: {@code grpc} (service bindings and the auth interceptor) → {@code session} (sessions,
 * tokens, exports, shared tickets) → {@code table} (proto operations turned into engine calls) → {@code engine}
 * (the Deephaven engine's execution context and update graph). {@code flight} serves Arrow Flight: {@code DoGet}
 * and schema headers, and Barrage over {@code DoExchange} (snapshots, and live subscriptions, where one
 * {@code LiveTableFeed} per table turns engine updates into Barrage messages for all of its subscribers).
 */
package dev.deephavencdi.server.internal;
