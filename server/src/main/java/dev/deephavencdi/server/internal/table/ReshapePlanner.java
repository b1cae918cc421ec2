package dev.deephavencdi.server.internal.table;

import static dev.deephavencdi.server.internal.table.PlanSteps.columns;
import static dev.deephavencdi.server.internal.table.PlanSteps.join;
import static dev.deephavencdi.server.internal.table.PlanSteps.single;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.ColumnName;
import io.deephaven.api.snapshot.SnapshotWhenOptions;
import io.deephaven.api.updateby.ColumnUpdateOperation;
import io.deephaven.api.updateby.UpdateByControl;
import io.deephaven.api.updateby.UpdateByOperation;
import io.deephaven.proto.backplane.grpc.MetaTableRequest;
import io.deephaven.proto.backplane.grpc.SnapshotTableRequest;
import io.deephaven.proto.backplane.grpc.SnapshotWhenTableRequest;
import io.deephaven.proto.backplane.grpc.UngroupRequest;
import io.deephaven.proto.backplane.grpc.UpdateByRequest;
import java.util.List;

/** Plans the operations that reshape one table: ungroup, update_by, snapshots and the meta table. */
final class ReshapePlanner {
    private ReshapePlanner() {}

    static TableOperation ungroup(UngroupRequest request) {
        List<ColumnName> columns = columns("ungroup", request.getColumnsToUngroupList());
        boolean nullFill = request.getNullFill();
        return single("ungroup", request.getResultId(), request.getSourceId(), true,
                table -> table.ungroup(nullFill, columns));
    }

    static TableOperation updateBy(UpdateByRequest request) {
        List<UpdateByOperation> operations = UpdateByMapping.operations(request.getOperationsList());
        UpdateByControl control = request.hasOptions() ? UpdateByMapping.control(request.getOptions()) : null;
        List<ColumnName> groupBy = columns("update_by", request.getGroupByColumnsList());
        return single("update_by", request.getResultId(), request.getSourceId(), true, table -> {
            // the engine fails on a missing input column with an internal error; name the column instead
            for (UpdateByOperation operation : operations) {
                if (operation instanceof ColumnUpdateOperation columns) {
                    columns.columns().forEach(pair -> PlanSteps.requireColumn("update_by", "source", table,
                            pair.input()));
                    // without match pairs it applies to every other column; with none the engine fails internally
                    if (columns.columns().isEmpty() && table.numColumns() <= groupBy.size()) {
                        throw ServerErrors.invalidArgument("update_by: an operation without match_pairs applies to"
                                + " every column but the group-by columns, and the source has no column to apply it"
                                + " to (its columns: " + table.getDefinition().getColumnNames() + ")");
                    }
                }
            }
            return control == null
                    ? table.updateBy(operations, groupBy)
                    : table.updateBy(control, operations, groupBy);
        });
    }

    static TableOperation snapshot(SnapshotTableRequest request) {
        return single("snapshot", request.getResultId(), request.getSourceId(), true,
                io.deephaven.engine.table.Table::snapshot);
    }

    static TableOperation snapshotWhen(SnapshotWhenTableRequest request) {
        List<ColumnName> stamps = columns("snapshot_when", request.getStampColumnsList());
        SnapshotWhenOptions options = SnapshotWhenOptions.of(request.getInitial(), request.getIncremental(),
                request.getHistory(), stamps.stream().map(ColumnName::name).toArray(String[]::new));
        return join("snapshot_when", request.getResultId(), request.getBaseId(), request.getTriggerId(),
                (base, trigger) -> base.snapshotWhen(trigger, options));
    }

    static TableOperation metaTable(MetaTableRequest request) {
        return single("meta_table", request.getResultId(), request.getSourceId(), false,
                io.deephaven.engine.table.Table::meta);
    }
}
