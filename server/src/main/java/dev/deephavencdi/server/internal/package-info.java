/**
 * Implementation of the embedded server. Nothing here is API: it may change in any release.
 *
 * <p>Data flows one way, as the imports show: {@code grpc} (service bindings) → {@code table} (proto operations
 * planned and run as engine calls, their results registered as exports) → {@code session} (sessions, tokens,
 * exports, shared tickets); {@code auth} (the authentication interceptor) stands on {@code session}. {@code flight}
 * serves Arrow Flight beside {@code grpc}: {@code DoGet} and schema headers through {@code ArrowTableWriter} (the
 * one place that picks Barrage's writer or the bulk writer for static primitive tables), and Barrage over
 * {@code DoExchange} (snapshots, and live subscriptions, where one {@code LiveTableFeed} per table turns engine
 * updates into Barrage messages for all of its subscribers). {@code table} and {@code flight} run on {@code engine}
 * (the Deephaven engine's execution context and update graph); {@code session} never touches the engine.
 */
package dev.deephavencdi.server.internal;
