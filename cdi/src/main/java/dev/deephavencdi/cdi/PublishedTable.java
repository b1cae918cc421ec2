package dev.deephavencdi.cdi;

import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A table registered under a name by {@link Published @Published}: where to fetch it and what it holds.
 *
 * <p>Instances are immutable snapshots; {@link #isReleased()} also reflects the table's current state (a table
 * closed by the application, or whose session closed, is released even before the registry notices).
 *
 * @param name the registration name
 * @param ticket the shared ticket other sessions fetch it with
 * @param sessionName the name of the session that published it (empty for the default session)
 * @param serverTarget the server to fetch it from, e.g. {@code dh+plain://localhost:10000}
 * @param publishedAt when it was published
 * @param table the published table (owned by the registry: do not close it unless you mean to end the ticket)
 * @param releasedAt when the registry released it, or null while it is live
 */
public record PublishedTable(
        String name,
        SharedTicket ticket,
        String sessionName,
        String serverTarget,
        Instant publishedAt,
        Table table,
        Instant releasedAt) {

    public PublishedTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(serverTarget, "serverTarget");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(table, "table");
    }

    /** @return whether the ticket no longer resolves: released by the registry, or its table was released */
    public boolean isReleased() {
        return releasedAt != null || table.isReleased();
    }

    /** @return when the registry released it, if it did */
    public Optional<Instant> released() {
        return Optional.ofNullable(releasedAt);
    }

    /** @return this entry marked released at the given instant */
    public PublishedTable releasedAt(Instant when) {
        return new PublishedTable(name, ticket, sessionName, serverTarget, publishedAt, table, when);
    }
}
