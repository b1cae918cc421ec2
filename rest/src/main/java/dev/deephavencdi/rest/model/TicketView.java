package dev.deephavencdi.rest.model;

import java.util.List;

/**
 * A published table as the endpoints describe it: where to fetch it and what it holds.
 *
 * @param name the name it is published under
 * @param ticket the shared ticket in the forms clients accept
 * @param server the Deephaven server to fetch it from
 * @param session the configured name of the session that published it (empty for the default session)
 * @param size its row count when published
 * @param isStatic whether it never changes
 * @param columns its columns, in order
 * @param publishedAt when it was published (ISO-8601)
 * @param released whether its ticket no longer resolves
 */
public record TicketView(
        String name,
        TicketForms ticket,
        ServerAddress server,
        String session,
        long size,
        boolean isStatic,
        List<ColumnView> columns,
        String publishedAt,
        boolean released) {}
