package dev.deephavencdi.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The columns of a {@link Table}, in order. Immutable and thread-safe.
 *
 * @param columns the columns, in table order
 */
public record TableSchema(List<ColumnSchema> columns) {

    /**
     * Copies the list, so the schema stays immutable.
     *
     * @param columns the columns, in table order
     */
    public TableSchema {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    }

    /** @return the column names, in table order */
    public List<String> columnNames() {
        return columns.stream().map(ColumnSchema::name).toList();
    }

    /**
     * @param name a column name
     * @return the column with this name, if any
     */
    public Optional<ColumnSchema> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
