package dev.deephavencdi.server.internal.session;

import io.deephaven.engine.table.Table;

/**
 * A table a ticket resolved to, with the export that keeps it alive: the caller's own export for an {@code 'e'}
 * ticket, the publisher's export for an {@code 'h'} ticket. Streams that outlive the request (subscriptions)
 * watch that export to end when it is released.
 *
 * @param table the table
 * @param export the export holding it
 * @param shared whether the ticket was a shared ticket (then {@code export} belongs to the publishing session)
 * @param description how to name the ticket in messages, e.g. {@code "export 3"} or {@code "shared ticket 0x12ab"}
 */
public record TableSource(Table table, Export export, boolean shared, String description) {}
