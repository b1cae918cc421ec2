package dev.deephavencdi.rest;

import dev.deephavencdi.client.Table;
import dev.deephavencdi.rest.model.RowsView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The row previews of static published tables, read once per table and limit. A static table's rows never change,
 * so a preview read earlier is its current rows for as long as the table lives; reading it again cost a
 * {@code head}, a Flight {@code DoGet} and a release each time, which held the preview endpoint to a few hundred
 * requests per second. Ticking tables are read on every request. Entries belong to the table object they were read
 * from: a table published again under the same name is read afresh, and a released one is never served (the
 * resource answers 410 before asking here). Thread-safe.
 */
final class StaticPreviews {
    /** Previews of larger limits are read every time: they are rare and would hold many rows. */
    static final int MAX_CACHED_LIMIT = 1_000;
    /** Limits remembered per name, the least recently used forgotten first. */
    static final int LIMITS_PER_NAME = 4;

    private final Map<String, Previews> byName = new ConcurrentHashMap<>();

    /**
     * @param read reads the preview from the server; called when nothing valid is remembered
     * @return the preview of the table published under the name, with the given limit
     */
    RowsView preview(String name, Table table, int limit, Supplier<RowsView> read) {
        if (limit > MAX_CACHED_LIMIT || !table.isStatic()) {
            return read.get();
        }
        Previews previews = byName.compute(name,
                (key, known) -> known != null && known.table == table ? known : new Previews(table));
        RowsView cached = previews.get(limit);
        if (cached != null) {
            return cached;
        }
        RowsView fresh = read.get();
        previews.put(limit, fresh);
        return fresh;
    }

    /** Forgets the previews of a name whose table is gone, so that they do not outlive it. */
    void forget(String name) {
        byName.remove(name);
    }

    private static final class Previews {
        final Table table;
        private final LinkedHashMap<Integer, RowsView> byLimit = new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, RowsView> eldest) {
                return size() > LIMITS_PER_NAME;
            }
        };

        Previews(Table table) {
            this.table = table;
        }

        synchronized RowsView get(int limit) {
            return byLimit.get(limit);
        }

        synchronized void put(int limit, RowsView view) {
            byLimit.put(limit, view);
        }
    }
}
