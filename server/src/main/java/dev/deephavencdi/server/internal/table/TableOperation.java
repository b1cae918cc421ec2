package dev.deephavencdi.server.internal.table;

import io.deephaven.engine.table.Table;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import java.util.List;
import java.util.function.Function;

/**
 * A validated table operation, ready to run: where its result goes, which tables it reads, and the engine call.
 *
 * @param name the proto operation name, for messages
 * @param resultId the export ticket to create, or an empty ticket when the result is not exported
 * @param sources the tables the operation reads, in the order {@code apply} expects them
 * @param lockWhenRefreshing whether the engine call must hold the update graph's shared lock when a source ticks
 *        (as the real server does for update, lazy update, select, merge and joins)
 * @param apply the engine call
 */
record TableOperation(
        String name,
        Ticket resultId,
        List<TableReference> sources,
        boolean lockWhenRefreshing,
        Function<List<Table>, Table> apply) {

    boolean isExported() {
        return !resultId.getTicket().isEmpty();
    }
}
