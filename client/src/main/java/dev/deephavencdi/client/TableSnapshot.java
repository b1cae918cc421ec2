package dev.deephavencdi.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows of a table at one moment, read with a Barrage snapshot ({@link Table#snapshot()}). Immutable and
 * thread-safe.
 *
 * @param schema the columns
 * @param rows the rows in table order, each a map from column name to value in column order
 */
public record TableSnapshot(TableSchema schema, List<Map<String, Object>> rows) {

    /** Copies the row list (the maps are unmodifiable already). */
    public TableSnapshot {
        Objects.requireNonNull(schema, "schema");
        rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }
}
