package dev.deephavencdi.server;

/**
 * What an embedded server holds at one moment.
 *
 * @param sessions open sessions
 * @param exports exports that are pending or hold a table (released and failed exports are not counted)
 * @param sharedTickets shared tickets that currently resolve to a published table
 * @param subscriptions open Barrage subscriptions ({@code DoExchange} streams receiving a table's updates)
 */
public record ServerStats(int sessions, long exports, int sharedTickets, int subscriptions) {

    /** Stats of a server without subscriptions, as before subscriptions existed. */
    public ServerStats(int sessions, long exports, int sharedTickets) {
        this(sessions, exports, sharedTickets, 0);
    }

    /** @return whether the server holds nothing: no session, export, shared ticket or subscription */
    public boolean isEmpty() {
        return sessions == 0 && exports == 0 && sharedTickets == 0 && subscriptions == 0;
    }
}
