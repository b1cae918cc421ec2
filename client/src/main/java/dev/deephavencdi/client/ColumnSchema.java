package dev.deephavencdi.client;

import java.util.Objects;

/**
 * One column of a {@link TableSchema}. Immutable and thread-safe.
 *
 * @param name the column name
 * @param typeName the Java type Deephaven reports for the column, e.g. {@code "int"}, {@code "double"},
 *        {@code "java.lang.String"}, {@code "java.time.Instant"}
 * @param type that type as a class ({@code int.class} for {@code "int"}), or {@code Object.class} if it is not
 *        loadable here
 */
public record ColumnSchema(String name, String typeName, Class<?> type) {

    /**
     * @param name the column name
     * @param typeName the Java type name Deephaven reports
     * @param type that type as a class, or {@code Object.class}
     * @throws NullPointerException if any component is null
     */
    public ColumnSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(type, "type");
    }
}
