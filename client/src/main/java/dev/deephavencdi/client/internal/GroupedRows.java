package dev.deephavencdi.client.internal;

import com.google.protobuf.ByteString;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.internal.Failures.Action;
import io.deephaven.client.impl.ExportId;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.HeadOrTailByRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import java.util.List;

/**
 * {@code head_by} / {@code tail_by}, which the official client's {@code TableSpec} cannot express: the unary
 * {@code HeadBy}/{@code TailBy} RPC into an export of our own, then re-exported into an official handle (the way the
 * official client's own {@code putExport} adopts a DoPut export), and the first export released.
 */
final class GroupedRows {
    private GroupedRows() {}

    static Table headOrTailBy(SessionContext context, TableCreator creator, TableState source, boolean head,
            long rows, String[] groupByColumns) {
        String what = (head ? "headBy(" : "tailBy(") + rows + ", " + List.of(groupByColumns) + ") on " + source;
        io.deephaven.client.impl.Session official = context.official();
        ExportId export = official.newExportId();
        HeadOrTailByRequest request = HeadOrTailByRequest.newBuilder()
                .setResultId(ticket(export.ticketId().table().ticket()))
                .setSourceId(TableReference.newBuilder().setTicket(ticket(source.ticket().ticket())))
                .setNumRows(rows)
                .addAllGroupByColumnSpecs(List.of(groupByColumns))
                .build();
        try {
            var tables = official.channel().tableBlocking();
            ExportedTableCreationResponse response = head ? tables.headBy(request) : tables.tailBy(request);
            if (!response.getSuccess()) {
                throw new IllegalStateException(response.getErrorInfo());
            }
        } catch (RuntimeException e) {
            official.release(export);
            throw context.fail(e, Action.CREATE_TABLE, what, source);
        }
        try {
            return creator.create(export.ticketId().table(), what, Action.CREATE_TABLE, source);
        } finally {
            official.release(export);
        }
    }

    private static Ticket ticket(byte[] bytes) {
        return Ticket.newBuilder().setTicket(ByteString.copyFrom(bytes)).build();
    }
}
