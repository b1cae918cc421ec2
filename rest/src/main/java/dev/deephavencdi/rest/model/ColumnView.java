package dev.deephavencdi.rest.model;

/**
 * One column of a published table.
 *
 * @param name the column name
 * @param type the Deephaven type, e.g. {@code int}, {@code double}, {@code java.lang.String}, {@code java.time.Instant}
 */
public record ColumnView(String name, String type) {}
