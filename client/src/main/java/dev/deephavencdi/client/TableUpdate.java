package dev.deephavencdi.client;

import java.util.Objects;
import java.util.Set;

/**
 * What changed in a live table, as delivered to a {@link TableListener} or a {@link Table#updates()} subscriber:
 * row counts per kind of change and the table's size afterwards. The first update of every subscription is the
 * {@linkplain #initial() initial} one: the snapshot, with every row counted as added. Immutable and thread-safe.
 *
 * <p>Each server tick the client receives becomes one update. A listener slower than the table (or a
 * {@link java.util.concurrent.Flow.Subscriber} that has not requested more) receives the ticks it missed merged
 * into one: counts are summed, {@link #size()} is the latest, and {@link #merged()} says how many ticks it spans.
 * Summed counts are exact for tables that only grow; when a merged span adds and then removes or modifies the same
 * row, that row is counted in each.
 *
 * @param added rows added
 * @param removed rows removed
 * @param modified rows modified (in at least one of {@code modifiedColumns})
 * @param size the number of rows after the update
 * @param modifiedColumns the columns whose values changed in modified rows
 * @param merged how many ticks this update stands for: 0 for the initial snapshot, otherwise 1 or more
 */
public record TableUpdate(long added, long removed, long modified, long size, Set<String> modifiedColumns,
        int merged) {

    /**
     * @throws IllegalArgumentException if a count is negative
     * @throws NullPointerException if {@code modifiedColumns} is null
     */
    public TableUpdate {
        if (added < 0 || removed < 0 || modified < 0 || size < 0 || merged < 0) {
            throw new IllegalArgumentException("counts must not be negative: added=" + added + ", removed="
                    + removed + ", modified=" + modified + ", size=" + size + ", merged=" + merged);
        }
        modifiedColumns = Set.copyOf(Objects.requireNonNull(modifiedColumns, "modifiedColumns"));
    }

    /** @return whether this is the initial snapshot: every row of the table as added */
    public boolean initial() {
        return merged == 0;
    }

    /** @return whether anything changed (the initial snapshot of an empty table changes nothing) */
    public boolean isEmpty() {
        return added == 0 && removed == 0 && modified == 0;
    }
}
