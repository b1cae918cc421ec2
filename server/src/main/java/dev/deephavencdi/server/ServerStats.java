package dev.deephavencdi.server;

/**
 * What an embedded server holds at one moment.
 *
 * @param sessions open sessions
 * @param exports exports that are pending or hold a table (released and failed exports are not counted)
 * @param sharedTickets shared tickets that currently resolve to a published table
 */
public record ServerStats(int sessions, long exports, int sharedTickets) {

    /** @return whether the server holds nothing: no session, no export, no shared ticket */
    public boolean isEmpty() {
        return sessions == 0 && exports == 0 && sharedTickets == 0;
    }
}
