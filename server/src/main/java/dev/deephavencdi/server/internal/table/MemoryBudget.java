package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.session.Export;
import dev.deephavencdi.server.internal.session.ServerSession;
import io.deephaven.api.Selectable;
import io.deephaven.engine.table.ColumnDefinition;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.impl.QueryTable;
import io.deephaven.engine.table.impl.select.SelectColumn;
import io.deephaven.engine.util.TableTools;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import java.time.Instant;
import java.util.List;

/**
 * Refuses, before the engine runs it, an operation whose result would plainly not fit: the memory it allocates is
 * estimated as rows × columns × width (columns an {@code update} or {@code select} materializes, the row
 * redirections of a sort or a join) and checked against a per-request budget and against what the session's
 * results already hold (a per-session budget). Reservations are returned when the export holding the result is
 * released. An estimate, not an accounting: it catches the request that would take the heap down, not every one.
 *
 * <p>Thread-safe. {@link #reserve} must run in the engine's execution context (it analyses formulas).
 */
public final class MemoryBudget {
    /** A reference plus a small object (a short string, a boxed value): a plain guess for object columns. */
    private static final long OBJECT_WIDTH = 40;
    private static final long ROW_KEY_WIDTH = Long.BYTES;

    private final long perRequest;
    private final long perSession;

    /**
     * @param perRequest the most one operation may allocate, in bytes
     * @param perSession the most one session's results may hold together, in bytes
     */
    public MemoryBudget(long perRequest, long perSession) {
        this.perRequest = perRequest;
        this.perSession = perSession;
    }

    /** @return a quarter of the heap per request, half of it per session */
    public static MemoryBudget defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        return new MemoryBudget(heap / 4, heap / 2);
    }

    /** @return the per-request budget in bytes */
    public long perRequest() {
        return perRequest;
    }

    /** @return the per-session budget in bytes */
    public long perSession() {
        return perSession;
    }

    /**
     * Reserves the estimated memory of an operation for its session.
     *
     * @return the bytes reserved; hand them to {@link #holdUntilReleased} or give them back with
     *         {@link ServerSession#releaseMemory}
     * @throws io.grpc.StatusRuntimeException {@code RESOURCE_EXHAUSTED} saying how big the request is and what
     *         the budget is
     */
    public long reserve(ServerSession session, Operation request, List<Table> sources) {
        Estimate estimate = estimate(request, sources);
        if (estimate.bytes() == 0) {
            return 0;
        }
        if (estimate.bytes() > perRequest) {
            throw ServerErrors.resourceExhausted(estimate.describe(request) + "; the per-request memory budget is "
                    + mebibytes(perRequest) + ": ask for fewer rows (head, where) or columns, or raise the budget"
                    + " (deephaven.cdi.embedded.max-request-memory, EmbeddedDeephavenServer.Builder"
                    + ".maxRequestMemory, --max-request-memory)");
        }
        long held = session.reserveMemory(estimate.bytes(), perSession);
        if (held < 0) {
            throw ServerErrors.resourceExhausted(estimate.describe(request) + ", and this session's results already"
                    + " hold about " + mebibytes(session.reservedMemory()) + " of the per-session memory budget of "
                    + mebibytes(perSession) + ": release tables you no longer need, or raise the budget"
                    + " (deephaven.cdi.embedded.max-session-memory, EmbeddedDeephavenServer.Builder"
                    + ".maxSessionMemory, --max-session-memory)");
        }
        return estimate.bytes();
    }

    /** Returns a reservation when the export holding its result is released (at once if it already was). */
    public static void holdUntilReleased(ServerSession session, Export export, long bytes) {
        if (bytes > 0 && !export.onRelease(() -> session.releaseMemory(bytes))) {
            session.releaseMemory(bytes);
        }
    }

    private Estimate estimate(Operation request, List<Table> sources) {
        if (sources.isEmpty()) {
            return Estimate.NOTHING;
        }
        Table source = sources.get(0);
        return switch (request.getOpCase()) {
            case UPDATE -> materialized(source, request.getUpdate().getColumnSpecsList());
            case SELECT -> request.getSelect().getColumnSpecsCount() == 0
                    ? new Estimate(source.size(), source.getDefinition().numColumns(),
                            source.getDefinition().getColumns().stream().mapToLong(MemoryBudget::width).sum())
                    : materialized(source, request.getSelect().getColumnSpecsList());
            case SELECT_DISTINCT -> materialized(source, request.getSelectDistinct().getColumnNamesList());
            case SORT -> new Estimate(source.size(), 0, ROW_KEY_WIDTH);
            case NATURAL_JOIN, EXACT_JOIN -> new Estimate(sources.stream().mapToLong(Table::size).sum(), 0,
                    ROW_KEY_WIDTH);
            default -> Estimate.NOTHING;
        };
    }

    /** Columns as the engine types them, each seeing the columns before it, as {@code update} would. */
    private static Estimate materialized(Table source, List<String> specs) {
        if (specs.isEmpty() || source.size() == 0) {
            return Estimate.NOTHING;
        }
        SelectColumn[] columns = SelectColumn.from(specs.stream().map(String::strip).map(Selectable::parse).toList());
        SelectColumn[] analysed = ((QueryTable) TableTools.newTable(source.getDefinition()))
                .validateSelect(columns).getClonedColumns();
        long width = 0;
        for (SelectColumn column : analysed) {
            width += width(column.getReturnedType());
        }
        return new Estimate(source.size(), analysed.length, width);
    }

    private static long width(ColumnDefinition<?> column) {
        return width(column.getDataType());
    }

    private static long width(Class<?> type) {
        if (type == byte.class || type == boolean.class || type == Boolean.class) {
            return 1;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == long.class || type == double.class || type == Instant.class) {
            return 8;
        }
        return OBJECT_WIDTH;
    }

    private static String mebibytes(long bytes) {
        return bytes >= 1L << 30
                ? String.format("%.1f GiB", bytes / (double) (1L << 30))
                : String.format("%d MiB", bytes >> 20);
    }

    private record Estimate(long rows, int columns, long widthPerRow) {
        static final Estimate NOTHING = new Estimate(0, 0, 0);

        long bytes() {
            return multiplyCapped(rows, widthPerRow);
        }

        String describe(Operation request) {
            String name = request.getOpCase().name().toLowerCase();
            return name + " would allocate about " + mebibytes(bytes()) + " (" + rows + " rows"
                    + (columns > 0 ? " x " + columns + " columns" : "") + ", " + widthPerRow + " bytes a row)";
        }

        private static long multiplyCapped(long a, long b) {
            try {
                return Math.multiplyExact(a, b);
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
    }
}
