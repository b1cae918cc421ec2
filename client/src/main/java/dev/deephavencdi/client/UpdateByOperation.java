package dev.deephavencdi.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One column operation of {@link Table#updateBy}: cumulative, rolling-window or exponentially weighted, computed
 * per group in row order. Columns are {@code "Output = Input"} pairs or plain names (the input is replaced).
 * Windows count rows ("ticks", the current row included) or span time on a timestamp column.
 *
 * <pre>{@code
 * Table t = trades.updateBy(List.of(UpdateByOperation.cumSum("TotalSize = Size"),
 *         UpdateByOperation.rollingAvg(10, "Avg10 = Price"), UpdateByOperation.ema(5, "Ema = Price")), "Sym");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what is computed
 * @param columns the {@code "Output = Input"} pairs
 * @param ticks the window in rows (rolling kinds: rows back, the current one included; EMA kinds: decay in
 *        rows), or 0 when {@code timestampColumn} is set or the kind has no window
 * @param timestampColumn the timestamp column a time window is measured on, or null
 * @param window the time window (with {@code timestampColumn}), or null
 */
public record UpdateByOperation(Kind kind, List<String> columns, long ticks, String timestampColumn,
        Duration window) {
    /** The operations the server computes. */
    public enum Kind {
        CUM_SUM, CUM_PROD, CUM_MIN, CUM_MAX, FORWARD_FILL, DELTA, EMA, EMS, EM_MIN, EM_MAX, EM_STD,
        ROLLING_SUM, ROLLING_AVG, ROLLING_MIN, ROLLING_MAX, ROLLING_PRODUCT, ROLLING_COUNT, ROLLING_STD,
        ROLLING_GROUP
    }

    public UpdateByOperation {
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs at least one column, e.g. \"Total = Size\"");
        }
        if (ticks < 0) {
            throw new IllegalArgumentException(kind + " needs a window of at least 0 rows, got " + ticks);
        }
        if ((timestampColumn == null) != (window == null)) {
            throw new IllegalArgumentException(kind + ": a time window needs both the timestamp column and the"
                    + " duration");
        }
    }

    private static UpdateByOperation cumulative(Kind kind, String[] columns) {
        return new UpdateByOperation(kind, List.of(columns), 0, null, null);
    }

    private static UpdateByOperation ticks(Kind kind, long ticks, String[] columns) {
        if (ticks <= 0) {
            throw new IllegalArgumentException(kind + " needs a window of at least 1 row, got " + ticks);
        }
        return new UpdateByOperation(kind, List.of(columns), ticks, null, null);
    }

    private static UpdateByOperation time(Kind kind, String timestampColumn, Duration window, String[] columns) {
        Objects.requireNonNull(timestampColumn, "timestampColumn");
        Objects.requireNonNull(window, "window");
        return new UpdateByOperation(kind, List.of(columns), 0, timestampColumn, window);
    }

    /** Running sum. */
    public static UpdateByOperation cumSum(String... columns) {
        return cumulative(Kind.CUM_SUM, columns);
    }

    /** Running product. */
    public static UpdateByOperation cumProd(String... columns) {
        return cumulative(Kind.CUM_PROD, columns);
    }

    /** Running minimum. */
    public static UpdateByOperation cumMin(String... columns) {
        return cumulative(Kind.CUM_MIN, columns);
    }

    /** Running maximum. */
    public static UpdateByOperation cumMax(String... columns) {
        return cumulative(Kind.CUM_MAX, columns);
    }

    /** Nulls replaced by the last non-null value. */
    public static UpdateByOperation forwardFill(String... columns) {
        return cumulative(Kind.FORWARD_FILL, columns);
    }

    /** The difference to the previous row's value. */
    public static UpdateByOperation delta(String... columns) {
        return cumulative(Kind.DELTA, columns);
    }

    /** Exponential moving average decaying over {@code ticks} rows. */
    public static UpdateByOperation ema(long ticks, String... columns) {
        return ticks(Kind.EMA, ticks, columns);
    }

    /** Exponential moving average decaying over {@code window} of {@code timestampColumn}. */
    public static UpdateByOperation ema(String timestampColumn, Duration window, String... columns) {
        return time(Kind.EMA, timestampColumn, window, columns);
    }

    /** Exponential moving sum over {@code ticks} rows. */
    public static UpdateByOperation ems(long ticks, String... columns) {
        return ticks(Kind.EMS, ticks, columns);
    }

    /** Exponential moving minimum over {@code ticks} rows. */
    public static UpdateByOperation emMin(long ticks, String... columns) {
        return ticks(Kind.EM_MIN, ticks, columns);
    }

    /** Exponential moving maximum over {@code ticks} rows. */
    public static UpdateByOperation emMax(long ticks, String... columns) {
        return ticks(Kind.EM_MAX, ticks, columns);
    }

    /** Exponential moving standard deviation over {@code ticks} rows. */
    public static UpdateByOperation emStd(long ticks, String... columns) {
        return ticks(Kind.EM_STD, ticks, columns);
    }

    /** Sum of the last {@code ticks} rows (the current one included). */
    public static UpdateByOperation rollingSum(long ticks, String... columns) {
        return ticks(Kind.ROLLING_SUM, ticks, columns);
    }

    /** Sum over the {@code window} before each row's {@code timestampColumn}. */
    public static UpdateByOperation rollingSum(String timestampColumn, Duration window, String... columns) {
        return time(Kind.ROLLING_SUM, timestampColumn, window, columns);
    }

    /** Mean of the last {@code ticks} rows. */
    public static UpdateByOperation rollingAvg(long ticks, String... columns) {
        return ticks(Kind.ROLLING_AVG, ticks, columns);
    }

    /** Mean over the {@code window} before each row's {@code timestampColumn}. */
    public static UpdateByOperation rollingAvg(String timestampColumn, Duration window, String... columns) {
        return time(Kind.ROLLING_AVG, timestampColumn, window, columns);
    }

    public static UpdateByOperation rollingMin(long ticks, String... columns) {
        return ticks(Kind.ROLLING_MIN, ticks, columns);
    }

    public static UpdateByOperation rollingMax(long ticks, String... columns) {
        return ticks(Kind.ROLLING_MAX, ticks, columns);
    }

    public static UpdateByOperation rollingProduct(long ticks, String... columns) {
        return ticks(Kind.ROLLING_PRODUCT, ticks, columns);
    }

    /** The number of non-null values among the last {@code ticks} rows. */
    public static UpdateByOperation rollingCount(long ticks, String... columns) {
        return ticks(Kind.ROLLING_COUNT, ticks, columns);
    }

    public static UpdateByOperation rollingStd(long ticks, String... columns) {
        return ticks(Kind.ROLLING_STD, ticks, columns);
    }

    /** The last {@code ticks} values, as an array. */
    public static UpdateByOperation rollingGroup(long ticks, String... columns) {
        return ticks(Kind.ROLLING_GROUP, ticks, columns);
    }
}
