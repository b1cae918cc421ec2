package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.TableSchema;
import dev.deephavencdi.client.TableSnapshot;
import dev.deephavencdi.client.internal.Failures.Action;
import io.deephaven.client.impl.BarrageSnapshot;
import io.deephaven.engine.liveness.LivenessScope;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.rowset.RowSetFactory;
import io.deephaven.engine.table.Table;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.util.SafeCloseable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Reads a table with a Barrage snapshot ({@code BarrageSession.snapshot}, a {@code DoExchange}): the official
 * client fills a static client-side copy, which is read into rows and released.
 */
final class BarrageSnapshots {
    private BarrageSnapshots() {}

    /**
     * @param maxRows the number of rows from the start to read, or -1 for all (only those rows are transferred)
     */
    static TableSnapshot read(SessionContext session, TableState table, TableSchema schema, long maxRows) {
        String what = "reading a snapshot of " + table;
        LivenessScope scope = new LivenessScope();
        try (SafeCloseable ignoredContext = ClientEngine.context().open();
                SafeCloseable ignoredScope = LivenessScopeStack.open(scope, false)) {
            BarrageSnapshot snapshot = session.barrage().snapshot(table.handle(),
                    BarrageUtil.DEFAULT_SNAPSHOT_OPTIONS);
            Future<Table> copy = maxRows < 0 ? snapshot.entireTable()
                    : snapshot.partialTable(RowSetFactory.flat(maxRows), null);
            return new TableSnapshot(schema, LocalRows.read(copy.get(), Long.MAX_VALUE));
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            throw session.translate(e, Action.READ, what);
        } finally {
            scope.release();
        }
    }
}
