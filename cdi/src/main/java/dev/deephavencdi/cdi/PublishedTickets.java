package dev.deephavencdi.cdi;

import java.util.List;
import java.util.Optional;

/**
 * The tables published with {@link Published @Published}, by name: hand their tickets to other clients.
 *
 * <pre>{@code
 * @Inject PublishedTickets tickets;
 * SharedTicket prices = tickets.ticket("prices");   // fetchable by any session on the same server
 * }</pre>
 *
 * <p>An entry stays after its table is released (so callers can tell "released" from "never published") until the
 * name is published again. Changes are also announced as CDI events: {@link TablePublished} and
 * {@link TableReleased}. Thread-safe.
 */
public interface PublishedTickets {

    /** @return the entry registered under the name, live or released, if any */
    Optional<PublishedTable> find(String name);

    /**
     * @return the ticket of the live table registered under the name
     * @throws java.util.NoSuchElementException if nothing is registered under the name, or its table was released
     */
    dev.deephavencdi.proto.SharedTicket ticket(String name);

    /** @return every entry, live and released, ordered by name */
    List<PublishedTable> list();

    /** @return the live entries, ordered by name */
    default List<PublishedTable> live() {
        return list().stream().filter(entry -> !entry.isReleased()).toList();
    }
}
