package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.internal.Failures.Action;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Reads tables with Flight {@code DoGet} on the table's own export ticket, and turns Arrow values into plain Java
 * values: text becomes {@code String}, timestamps {@link Instant}, dates {@link LocalDate}, Arrow nulls (how
 * Deephaven sends its null sentinels) {@code null}; everything else is Arrow's own value ({@code Integer},
 * {@code Long}, {@code Character}, a {@code List} for array columns, ...).
 */
final class RowReader {
    private RowReader() {}

    /**
     * Starts a DoGet and waits for the schema, so that a refused read (unknown ticket, closed session) fails here,
     * translated, rather than in the caller's first {@code next()}.
     */
    static FlightStream open(SessionContext session, TableState table, String what) {
        FlightStream stream = null;
        try {
            stream = session.flight().stream(table.handle());
            stream.getRoot();
            return stream;
        } catch (DeephavenException e) {
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(stream);
            throw session.translate(e, Action.READ, what);
        }
    }

    static List<Map<String, Object>> read(SessionContext session, TableState table, long maxRows) {
        String what = "reading rows of " + table;
        // the whole read runs on the caller's thread, and not only inside gRPC's call steps: Arrow frees and loads
        // its Netty buffers there too, which gives the thread Netty's thread-local map (see ForeignThreadCleanup)
        boolean hadNettyThreadLocals = ForeignThreadCleanup.hadNettyThreadLocals();
        try {
            return readRows(session, table, maxRows, what);
        } finally {
            ForeignThreadCleanup.release(hadNettyThreadLocals);
        }
    }

    @SuppressWarnings("try") // FlightStream.close() declares InterruptedException; it is translated below
    private static List<Map<String, Object>> readRows(SessionContext session, TableState table, long maxRows,
            String what) {
        try (FlightStream stream = open(session, table, what)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            VectorSchemaRoot root = stream.getRoot();
            while (rows.size() < maxRows && stream.next()) {
                session.statistics().doGetReceived(batchBytes(root));
                for (int row = 0; row < root.getRowCount() && rows.size() < maxRows; row++) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        values.put(vector.getName(), value(vector, row));
                    }
                    rows.add(values);
                }
            }
            return rows;
        } catch (DeephavenException e) {
            throw e;
        } catch (Exception e) {
            throw session.translate(e, Action.READ, what);
        }
    }

    private static long batchBytes(VectorSchemaRoot root) {
        long bytes = 0;
        for (FieldVector vector : root.getFieldVectors()) {
            bytes += vector.getBufferSize();
        }
        return bytes;
    }

    static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        Object value = vector.getObject(row);
        if (value instanceof Text text) {
            return text.toString();
        }
        if (vector.getField().getType() instanceof ArrowType.Date) {
            // Arrow Java reads dates as days or as midnight date-times; the column is a LocalDate
            if (value instanceof LocalDateTime midnight) {
                return midnight.toLocalDate();
            }
            if (value instanceof Integer days) {
                return LocalDate.ofEpochDay(days);
            }
        }
        if (vector.getField().getType() instanceof ArrowType.Timestamp timestamp) {
            if (value instanceof Long epoch) {
                return instant(epoch, timestamp);
            }
            if (value instanceof LocalDateTime local) {
                return local.toInstant(ZoneOffset.UTC);
            }
        }
        return value;
    }

    private static Instant instant(long epoch, ArrowType.Timestamp type) {
        TimeUnit unit = switch (type.getUnit()) {
            case SECOND -> TimeUnit.SECONDS;
            case MILLISECOND -> TimeUnit.MILLISECONDS;
            case MICROSECOND -> TimeUnit.MICROSECONDS;
            case NANOSECOND -> TimeUnit.NANOSECONDS;
        };
        long nanos = unit.toNanos(epoch);
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static void closeQuietly(FlightStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception ignored) {
                // the stream already failed; its close failure says nothing new
            }
        }
    }
}
