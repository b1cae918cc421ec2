package dev.deephavencdi.client.internal;

import io.deephaven.engine.rowset.RowSequence;
import io.deephaven.engine.table.ColumnSource;
import io.deephaven.engine.table.Table;
import io.deephaven.util.QueryConstants;
import io.deephaven.vector.Vector;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rows of a client-side engine table (the official Barrage client's copy of a server table) as plain Java
 * values, like {@link RowReader} does for Arrow: boxed primitives with Deephaven's null sentinels as
 * {@code null}, {@code String}, {@code Instant}, {@code LocalDate}, and a {@code List} for array and vector
 * columns. The caller makes the read consistent (the client update graph's shared lock for a live copy).
 */
final class LocalRows {
    private LocalRows() {}

    /** @return up to {@code maxRows} rows from the start of the table, each an unmodifiable map */
    static List<Map<String, Object>> read(Table table, long maxRows) {
        List<String> names = table.getDefinition().getColumnNames();
        List<ColumnSource<?>> sources = new ArrayList<>(names.size());
        names.forEach(name -> sources.add(table.getColumnSource(name)));
        long count = Math.min(maxRows, table.size());
        List<Map<String, Object>> rows = new ArrayList<>((int) Math.min(count, 1 << 20));
        if (count == 0) {
            return rows;
        }
        try (RowSequence keys = table.getRowSet().getRowSequenceByPosition(0, count)) {
            keys.forAllRowKeys(key -> {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < sources.size(); i++) {
                    row.put(names.get(i), plain(sources.get(i).get(key)));
                }
                rows.add(Collections.unmodifiableMap(row));
            });
        }
        return rows;
    }

    private static Object plain(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            boolean primitive = value.getClass().getComponentType().isPrimitive();
            for (int i = 0; i < length; i++) {
                Object element = Array.get(value, i);
                list.add(primitive ? nullIfSentinel(element) : plain(element));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof Vector<?> vector) {
            return plain(vector.copyToArray());
        }
        return value;
    }

    /** Elements of primitive arrays carry Deephaven's null sentinels; single values come boxed as null already. */
    private static Object nullIfSentinel(Object element) {
        boolean isNull = element instanceof Integer i && i == QueryConstants.NULL_INT
                || element instanceof Long l && l == QueryConstants.NULL_LONG
                || element instanceof Double d && d == QueryConstants.NULL_DOUBLE
                || element instanceof Float f && f == QueryConstants.NULL_FLOAT
                || element instanceof Short s && s == QueryConstants.NULL_SHORT
                || element instanceof Byte b && b == QueryConstants.NULL_BYTE
                || element instanceof Character c && c == QueryConstants.NULL_CHAR;
        return isNull ? null : element;
    }
}
