package dev.deephavencdi.rest.model;

import java.util.List;
import java.util.Map;

/**
 * A JSON preview of the first rows of a published table.
 *
 * @param name the name the table is published under
 * @param columns its columns, in order
 * @param rows the rows, each a map from column name to a JSON value (instants and dates as ISO-8601 text)
 * @param limit the limit asked for
 * @param totalRows the table's row count
 * @param truncated whether the table has more rows than returned
 */
public record RowsView(
        String name,
        List<ColumnView> columns,
        List<Map<String, Object>> rows,
        int limit,
        long totalRows,
        boolean truncated) {}
