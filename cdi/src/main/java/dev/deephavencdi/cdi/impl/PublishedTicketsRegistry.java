package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.cdi.TablePublished;
import dev.deephavencdi.cdi.TableReleased;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PublishedTickets}: publishes tables to fresh shared tickets and keeps them, by name, alive until they are
 * replaced, their session closes or the container stops.
 *
 * <p>A publish goes to the server first and touches the registry only once the server accepted it, so a failure
 * leaves the previous entry in place. Replacing an entry closes the replaced table, which ends its ticket. When two
 * publishes of one name race, the one the server accepted last wins and the other is released at once.
 * Thread-safe.
 */
@ApplicationScoped
public class PublishedTicketsRegistry implements PublishedTickets {
    private static final Logger log = LoggerFactory.getLogger(PublishedTicketsRegistry.class);

    @Inject
    Event<TablePublished> published;

    @Inject
    Event<TableReleased> released;

    @Inject
    SessionDirectory directory;

    private final Map<String, PublishedTable> entries = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Override
    public Optional<PublishedTable> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    @Override
    public SharedTicket ticket(String name) {
        PublishedTable entry = entries.get(name);
        if (entry == null) {
            throw new NoSuchElementException("no table is published under '" + name + "'; published names: "
                    + entries.keySet());
        }
        if (entry.isReleased()) {
            throw new NoSuchElementException("the table published under '" + name + "' was released; call its"
                    + " @Published method again to publish a new one");
        }
        return entry.ticket();
    }

    @Override
    public List<PublishedTable> list() {
        List<PublishedTable> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparing(PublishedTable::name));
        return all;
    }

    /**
     * Publishes a table under a name and returns it. A table already published under the name keeps its ticket.
     *
     * @throws dev.deephavencdi.client.DeephavenException when the server refuses; the registry is unchanged
     */
    public Table publish(String name, Table table) {
        if (isCurrent(name, table)) {
            return table;
        }
        SharedTicket ticket = SharedTicket.random();
        table.session().publishTable(ticket, table);
        register(name, ticket, table);
        return table;
    }

    /** Asynchronous {@link #publish}: the stage completes with the table once it is published and registered. */
    public CompletionStage<Table> publishAsync(String name, Table table) {
        if (isCurrent(name, table)) {
            return CompletableFuture.completedFuture(table);
        }
        SharedTicket ticket = SharedTicket.random();
        return table.session().publishTableAsync(ticket, table).thenApply(ignored -> {
            register(name, ticket, table);
            return table;
        });
    }

    private boolean isCurrent(String name, Table table) {
        PublishedTable current = entries.get(name);
        return current != null && current.table() == table && !current.isReleased();
    }

    private void register(String name, SharedTicket ticket, Table table) {
        Session session = table.session();
        PublishedTable entry = new PublishedTable(name, ticket, directory.nameOf(session), session.target(),
                clock.instant(), table, null);
        PublishedTable previous = entries.put(name, entry);
        log.info("published '{}' to {} on {}", name, ticket, session.target());
        if (previous != null && previous.releasedAt() == null) {
            closeAndAnnounce(previous.releasedAt(clock.instant()), TableReleased.Reason.REPUBLISHED);
        }
        published.fire(new TablePublished(entry));
    }

    /** Releases every live entry published through a session that is about to close. */
    void releaseAllOf(Session session, TableReleased.Reason reason) {
        for (PublishedTable entry : entries.values()) {
            if (entry.table().session() == session && entry.releasedAt() == null) {
                releaseEntry(entry, reason);
            }
        }
    }

    /** Releases every live entry, at shutdown. */
    void releaseAll(TableReleased.Reason reason) {
        for (PublishedTable entry : entries.values()) {
            if (entry.releasedAt() == null) {
                releaseEntry(entry, reason);
            }
        }
    }

    private void releaseEntry(PublishedTable entry, TableReleased.Reason reason) {
        PublishedTable marked = entry.releasedAt(clock.instant());
        if (entries.replace(entry.name(), entry, marked)) {
            closeAndAnnounce(marked, reason);
        }
    }

    /**
     * Announces a release. A replaced table is closed here (ending its ticket) unless another live entry publishes
     * the same table; for the other reasons the session is about to close, which releases all its tables at once
     * (a separate release racing the session's close would only be refused).
     */
    private void closeAndAnnounce(PublishedTable marked, TableReleased.Reason reason) {
        boolean sharedWithLiveEntry = entries.values().stream()
                .anyMatch(other -> other.table() == marked.table() && other.releasedAt() == null);
        if (reason == TableReleased.Reason.REPUBLISHED && !sharedWithLiveEntry) {
            marked.table().close();
        }
        log.info("released '{}' ({}): {}", marked.name(), marked.ticket(), reason);
        try {
            released.fire(new TableReleased(marked, reason));
        } catch (RuntimeException e) {
            // an application observer failed; the table is released all the same, and the others must be too
            log.error("an observer of TableReleased failed for '{}' ({})", marked.name(), reason, e);
        }
    }
}
