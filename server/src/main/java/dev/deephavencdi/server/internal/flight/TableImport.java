package dev.deephavencdi.server.internal.flight;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import dev.deephavencdi.server.internal.session.Export;
import dev.deephavencdi.server.internal.session.ExportingRequest;
import dev.deephavencdi.server.internal.session.ServerSession;
import io.deephaven.barrage.flatbuf.BarrageMessageType;
import io.deephaven.barrage.flatbuf.BarrageSubscriptionRequest;
import io.deephaven.engine.rowset.RowSetFactory;
import io.deephaven.engine.table.impl.util.BarrageMessage;
import io.deephaven.extensions.barrage.BarrageSubscriptionOptions;
import io.deephaven.extensions.barrage.table.BarrageTable;
import io.deephaven.extensions.barrage.util.ArrowToTableConverter;
import io.deephaven.extensions.barrage.util.BarrageProtoUtil;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flight.impl.Flight;

/**
 * One Flight {@code DoPut} ({@code import_table}, the official client's {@code putExport}): the first message's
 * descriptor names a new export, then come an Arrow schema and record batches; each batch is acknowledged with an
 * empty {@code PutResult}, and when the client half-closes the rows become a static table in that export, usable,
 * publishable and fetchable like any other. A failure fails the export and the call; nothing else is touched.
 *
 * <p>Decoding is Deephaven's own {@link ArrowToTableConverter}, so types map exactly as on the real server. gRPC
 * delivers one message at a time, so no locking is needed beyond the converter's own.
 */
final class TableImport extends ArrowToTableConverter implements StreamObserver<InputStream> {
    private final ServerSession session;
    private final DeephavenEngine engine;
    private final StreamObserver<Flight.PutResult> responses;
    private Export export;
    private boolean finished;

    TableImport(ServerSession session, DeephavenEngine engine, StreamObserver<Flight.PutResult> responses) {
        this.session = session;
        this.engine = engine;
        this.responses = responses;
    }

    @Override
    public void onNext(InputStream message) {
        if (finished) {
            return;
        }
        try {
            engine.compute(() -> {
                accept(message);
                return null;
            });
        } catch (RuntimeException e) {
            fail(ServerErrors.toStatus(e));
        }
    }

    private void accept(InputStream message) {
        BarrageProtoUtil.MessageInfo info;
        try {
            info = BarrageProtoUtil.parseProtoMessage(message);
        } catch (IOException e) {
            throw ServerErrors.invalidArgument("DoPut message is not valid FlightData: " + e.getMessage());
        }
        if (info.descriptor != null && export == null) {
            ExportTicket ticket = FlightDescriptors.exportOf(info.descriptor);
            export = session.newExport(ticket, new ExportingRequest());
        }
        if (export == null) {
            throw ServerErrors.invalidArgument("the first DoPut message must carry the flight descriptor"
                    + " [\"export\", \"<id>\"] naming the new export");
        }
        if (info.app_metadata != null
                && info.app_metadata.msgType() == BarrageMessageType.BarrageSerializationOptions) {
            options = BarrageSubscriptionOptions.of(BarrageSubscriptionRequest
                    .getRootAsBarrageSubscriptionRequest(info.app_metadata.msgPayloadAsByteBuffer()));
        }
        if (info.header == null) {
            return;
        }
        if (info.header.headerType() == MessageHeader.Schema) {
            configureWithSchema(parseArrowSchema(info));
            return;
        }
        if (info.header.headerType() != MessageHeader.RecordBatch) {
            throw ServerErrors.invalidArgument("DoPut takes an Arrow schema then record batches; got a "
                    + MessageHeader.name(info.header.headerType()) + " message");
        }
        if (resultTable == null) {
            throw ServerErrors.invalidArgument("DoPut sent a record batch before the Arrow schema");
        }
        BarrageMessage rows = createBarrageMessage(info, resultTable.getColumnSources().size());
        rows.rowsAdded = RowSetFactory.fromRange(totalRowsRead, totalRowsRead + rows.length - 1);
        rows.rowsIncluded = rows.rowsAdded.copy();
        rows.modColumnData = BarrageMessage.ZERO_MOD_COLUMNS;
        totalRowsRead += rows.length;
        resultTable.handleBarrageMessage(rows);
        responses.onNext(Flight.PutResult.getDefaultInstance());
    }

    @Override
    public void onError(Throwable t) {
        if (!finished) {
            finished = true;
            discard(Status.CANCELLED.withDescription("the client cancelled the DoPut").asRuntimeException());
        }
    }

    @Override
    public void onCompleted() {
        if (finished) {
            return;
        }
        if (export == null || resultTable == null) {
            fail(ServerErrors.invalidArgument(export == null
                    ? "DoPut ended without a flight descriptor naming the export"
                    : "DoPut ended without an Arrow schema"));
            return;
        }
        finished = true;
        try {
            engine.compute(() -> {
                BarrageTable table = resultTable;
                resultTable = null;
                try {
                    super.onCompleted();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ServerErrors.unavailable("interrupted while importing the table; retry");
                }
                export.complete(table);
                table.dropReference();
                return null;
            });
        } catch (RuntimeException e) {
            StatusRuntimeException failure = ServerErrors.toStatus(e);
            export.fail(failure);
            responses.onError(failure);
            return;
        }
        responses.onCompleted();
    }

    private void fail(StatusRuntimeException failure) {
        finished = true;
        discard(failure);
        responses.onError(failure);
    }

    private void discard(StatusRuntimeException failure) {
        if (resultTable != null) {
            BarrageTable table = resultTable;
            resultTable = null;
            engine.compute(() -> {
                table.dropReference();
                return null;
            });
        }
        if (export != null) {
            export.fail(failure);
        }
    }
}
