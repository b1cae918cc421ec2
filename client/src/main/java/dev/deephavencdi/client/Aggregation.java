package dev.deephavencdi.client;

import java.util.List;
import java.util.Objects;

/**
 * One aggregation of {@link Table#aggBy}: what to compute and on which columns. Columns are given as
 * {@code "Output = Input"} pairs or plain names (output named like its input), as in pydeephaven's {@code agg}
 * module and Deephaven's Java {@code Aggregation} API.
 *
 * <pre>{@code
 * Table stats = trades.aggBy(List.of(
 *         Aggregation.sum("Volume = Size"), Aggregation.avg("AvgPrice = Price"),
 *         Aggregation.count("Trades"), Aggregation.weightedAvg("Size", "VWAP = Price")), "Sym");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Invalid columns are reported by the server when the aggregation runs, as
 * {@link InvalidTableOperationException}.
 *
 * @param kind what is computed
 * @param columns the {@code "Output = Input"} pairs (for {@link Kind#COUNT}, {@link Kind#COUNT_WHERE} and
 *        {@link Kind#FORMULA}: the output column or formula, see the factory methods)
 * @param parameter the weight column (weighted kinds), the sort column (sorted kinds), the percentile (as text)
 *        or the filters of {@link Kind#COUNT_WHERE}; empty when the kind takes none
 */
public record Aggregation(Kind kind, List<String> columns, List<String> parameter) {
    /** The aggregations the server computes; each is documented at its factory method. */
    public enum Kind {
        SUM, ABS_SUM, AVG, MIN, MAX, FIRST, LAST, COUNT, COUNT_DISTINCT, DISTINCT, UNIQUE, GROUP, STD, VAR, MEDIAN,
        PERCENTILE, WEIGHTED_AVG, WEIGHTED_SUM, SORTED_FIRST, SORTED_LAST, FORMULA, COUNT_WHERE
    }

    public Aggregation {
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        parameter = List.copyOf(parameter);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs at least one column, e.g. \"Total = Price\"");
        }
    }

    private static Aggregation of(Kind kind, String[] columns) {
        return new Aggregation(kind, List.of(columns), List.of());
    }

    /** Sum of each column per group. */
    public static Aggregation sum(String... columns) {
        return of(Kind.SUM, columns);
    }

    /** Sum of absolute values. */
    public static Aggregation absSum(String... columns) {
        return of(Kind.ABS_SUM, columns);
    }

    /** Arithmetic mean. */
    public static Aggregation avg(String... columns) {
        return of(Kind.AVG, columns);
    }

    public static Aggregation min(String... columns) {
        return of(Kind.MIN, columns);
    }

    public static Aggregation max(String... columns) {
        return of(Kind.MAX, columns);
    }

    /** The first row's value in each group. */
    public static Aggregation first(String... columns) {
        return of(Kind.FIRST, columns);
    }

    /** The last row's value in each group. */
    public static Aggregation last(String... columns) {
        return of(Kind.LAST, columns);
    }

    /** The number of rows of each group, in a new {@code long} column named {@code outputColumn}. */
    public static Aggregation count(String outputColumn) {
        return new Aggregation(Kind.COUNT, List.of(outputColumn), List.of());
    }

    /** The number of distinct non-null values. */
    public static Aggregation countDistinct(String... columns) {
        return of(Kind.COUNT_DISTINCT, columns);
    }

    /** The distinct non-null values, as an array per group. */
    public static Aggregation distinct(String... columns) {
        return of(Kind.DISTINCT, columns);
    }

    /** The value if every non-null value of the group is the same, otherwise null. */
    public static Aggregation unique(String... columns) {
        return of(Kind.UNIQUE, columns);
    }

    /** All values of each group, as an array (undo with {@link Table#ungroup}). */
    public static Aggregation group(String... columns) {
        return of(Kind.GROUP, columns);
    }

    /** Sample standard deviation. */
    public static Aggregation std(String... columns) {
        return of(Kind.STD, columns);
    }

    /** Sample variance. */
    public static Aggregation var(String... columns) {
        return of(Kind.VAR, columns);
    }

    /** Median (the mean of the two middle values when the count is even). */
    public static Aggregation median(String... columns) {
        return of(Kind.MEDIAN, columns);
    }

    /** The value at {@code percentile} (0 to 1) of each group. */
    public static Aggregation percentile(double percentile, String... columns) {
        if (!(percentile >= 0 && percentile <= 1)) {
            throw new IllegalArgumentException("percentile must be between 0 and 1, got " + percentile);
        }
        return new Aggregation(Kind.PERCENTILE, List.of(columns), List.of(Double.toString(percentile)));
    }

    /** Mean weighted by {@code weightColumn}. */
    public static Aggregation weightedAvg(String weightColumn, String... columns) {
        return new Aggregation(Kind.WEIGHTED_AVG, List.of(columns), List.of(weightColumn));
    }

    /** Sum weighted by {@code weightColumn}. */
    public static Aggregation weightedSum(String weightColumn, String... columns) {
        return new Aggregation(Kind.WEIGHTED_SUM, List.of(columns), List.of(weightColumn));
    }

    /** The value of the row with the smallest {@code sortColumn} in each group. */
    public static Aggregation sortedFirst(String sortColumn, String... columns) {
        return new Aggregation(Kind.SORTED_FIRST, List.of(columns), List.of(sortColumn));
    }

    /** The value of the row with the largest {@code sortColumn} in each group. */
    public static Aggregation sortedLast(String sortColumn, String... columns) {
        return new Aggregation(Kind.SORTED_LAST, List.of(columns), List.of(sortColumn));
    }

    /** A formula over the group's columns as arrays, e.g. {@code "Range = max(Price) - min(Price)"}. */
    public static Aggregation formula(String formula) {
        return new Aggregation(Kind.FORMULA, List.of(formula), List.of());
    }

    /** The number of rows of each group matching every filter, e.g. {@code countWhere("Big", "Size > 100")}. */
    public static Aggregation countWhere(String outputColumn, String... filters) {
        if (filters.length == 0) {
            throw new IllegalArgumentException("countWhere needs at least one filter, e.g. \"Size > 100\"");
        }
        return new Aggregation(Kind.COUNT_WHERE, List.of(outputColumn), List.of(filters));
    }
}
