package dev.deephavencdi.server.internal.session;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.engine.table.Table;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's shared tickets: each points at the publisher's own export, never at a copy.
 *
 * <p>Unlike the real server, whose entries are weakly held and vanish only after garbage collection, an entry
 * here is removed the moment its export is released (explicitly, or because the publishing session closed or
 * expired). From then on the ticket is {@code NOT_FOUND} and its id can be published again. Exports that other
 * sessions fetched from the ticket hold their own reference to the table and stay valid.
 *
 * <p>Thread-safe.
 */
public final class SharedTicketRegistry {
    private final Map<SharedTicket, Export> published = new ConcurrentHashMap<>();

    /**
     * Publishes an export of the calling session to a shared ticket. Waits for a pending export to resolve.
     *
     * @throws StatusRuntimeException {@code ALREADY_EXISTS} if the ticket is taken, {@code FAILED_PRECONDITION}
     *         if the source failed or was released
     */
    public void publish(SharedTicket ticket, Export source) {
        source.awaitTable();
        Export existing = published.putIfAbsent(ticket, source);
        if (existing != null) {
            throw ServerErrors.alreadyExists("Could not publish '" + source.ticket().id() + "' to shared ticket '"
                    + ticket.idHex() + "': destination already exists; publish to a new SharedTicket.random()"
                    + " or release the table currently published there");
        }
        if (!source.onRelease(() -> published.remove(ticket, source))) {
            published.remove(ticket, source);
            throw ServerErrors.failedPrecondition("export " + source.ticket().id()
                    + " was released before it could be published");
        }
    }

    /**
     * Resolves a shared ticket to the published table.
     *
     * @throws StatusRuntimeException {@code NOT_FOUND} if nothing is published there (never, or no longer)
     */
    public Table resolve(SharedTicket ticket) {
        return resolveSource(ticket).awaitTable();
    }

    /**
     * Resolves a shared ticket to the publisher's export, once that export holds its table.
     *
     * @throws StatusRuntimeException {@code NOT_FOUND} if nothing is published there (never, or no longer)
     */
    public Export resolveSource(SharedTicket ticket) {
        Export source = published.get(ticket);
        if (source != null) {
            try {
                source.awaitTable();
                return source;
            } catch (StatusRuntimeException e) {
                if (source.state() != Export.State.RELEASED) {
                    throw e;
                }
                // released while we looked: the ticket is gone, report it like any unknown ticket
            }
        }
        throw notFound(ticket);
    }

    /** @return the number of live shared tickets */
    public int size() {
        return published.size();
    }

    private static StatusRuntimeException notFound(SharedTicket ticket) {
        return ServerErrors.notFound("Could not resolve shared ticket '" + ticket.idHex() + "': not found. It was "
                + "never published, or the published table was released or its session closed");
    }
}
