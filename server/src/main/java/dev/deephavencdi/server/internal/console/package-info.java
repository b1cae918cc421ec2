/**
 * Internal: the server-wide variable scope behind the console RPCs, {@code 's/<name>'} scope tickets and
 * {@code ApplicationService/ListFields}: one Groovy script session of the Deephaven engine, shared by every client
 * as on the real community server.
 */
package dev.deephavencdi.server.internal.console;
