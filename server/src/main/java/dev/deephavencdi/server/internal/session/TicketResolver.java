package dev.deephavencdi.server.internal.session;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.proto.MalformedTicketException;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.proto.WireTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import com.google.protobuf.ByteString;
import dev.deephavencdi.server.internal.console.ConsoleScope;
import io.deephaven.engine.table.Table;
import io.deephaven.proto.backplane.grpc.Ticket;

/**
 * Resolves the tickets a client may read from: its own {@code 'e'} exports, any live {@code 'h'} shared
 * ticket, and {@code 's/<name>'} variables of the server-wide scope (on the read paths: table sources, DoGet,
 * GetExportedTableCreationResponse). Shared tickets are accepted wherever a table ticket is (DoGet, table
 * sources, GetExportedTableCreationResponse, ExportFromTicket), because pydeephaven keeps using the {@code 'h'}
 * ticket of a fetched table.
 */
public final class TicketResolver {
    /** Scope tickets: {@code 's/'} followed by the variable name in UTF-8. */
    private static final ByteString SCOPE_PREFIX = ByteString.copyFromUtf8("s/");

    private final SharedTicketRegistry sharedTickets;
    private final ConsoleScope scope;

    public TicketResolver(SharedTicketRegistry sharedTickets, ConsoleScope scope) {
        this.sharedTickets = sharedTickets;
        this.scope = scope;
    }

    /**
     * Resolves a ticket to its table, waiting for a pending export.
     *
     * @throws io.grpc.StatusRuntimeException {@code FAILED_PRECONDITION} for a malformed ticket or a released or
     *         failed export, {@code NOT_FOUND} for an unknown export or shared ticket
     */
    public Table resolve(ServerSession session, Ticket ticket) {
        return resolve(session, ticket, null);
    }

    /**
     * Resolves a ticket for a request that holds pending exports of its own, refusing circular waits.
     *
     * @param waiter the request, or null
     * @see #resolve(ServerSession, Ticket)
     * @see ServerSession#await
     */
    public Table resolve(ServerSession session, Ticket ticket, ExportingRequest waiter) {
        if (ticket.getTicket().startsWith(SCOPE_PREFIX)) {
            return scope.table(ticket.getTicket().substring(SCOPE_PREFIX.size()).toStringUtf8());
        }
        return resolveSource(session, ticket, waiter).table();
    }

    /**
     * Resolves a ticket to its table and the export that holds it, waiting for a pending export.
     *
     * @throws io.grpc.StatusRuntimeException as {@link #resolve}
     */
    public TableSource resolveSource(ServerSession session, Ticket ticket) {
        return resolveSource(session, ticket, null);
    }

    private TableSource resolveSource(ServerSession session, Ticket ticket, ExportingRequest waiter) {
        if (ticket.getTicket().startsWith(SCOPE_PREFIX)) {
            throw ServerErrors.failedPrecondition("a scope ticket ('s/<name>') cannot be published or subscribed to"
                    + " directly: fetch it into an export first (FetchTable, pydeephaven open_table)");
        }
        try {
            WireTicket parsed = WireTicket.parse(ticket);
            if (parsed instanceof ExportTicket exportTicket) {
                Export export = session.export(exportTicket);
                return new TableSource(session.await(export, waiter), export, false, "export " + exportTicket.id());
            }
            SharedTicket shared = (SharedTicket) parsed;
            Export source = sharedTickets.resolveSource(shared);
            try {
                return new TableSource(source.awaitTable(), source, true, "shared ticket " + shared.idHex());
            } catch (io.grpc.StatusRuntimeException e) {
                // released since it resolved: answer as for any ticket that is gone (NOT_FOUND)
                sharedTickets.resolveSource(shared);
                throw e;
            }
        } catch (MalformedTicketException e) {
            throw ServerErrors.failedPrecondition(
                    "Could not resolve ticket: " + e.getMessage());
        }
    }
}
