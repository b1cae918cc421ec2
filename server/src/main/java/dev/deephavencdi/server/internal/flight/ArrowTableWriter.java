package dev.deephavencdi.server.internal.flight;

import com.google.protobuf.ByteString;
import io.deephaven.engine.rowset.RowSet;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.impl.BaseTable;
import io.deephaven.extensions.barrage.BarrageMessageWriter;
import io.deephaven.extensions.barrage.BarrageMessageWriterImpl;
import io.deephaven.extensions.barrage.BarragePerformanceLog;
import io.deephaven.extensions.barrage.BarrageSnapshotOptions;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.extensions.barrage.util.DefensiveDrainable;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Serializes tables to Arrow with Deephaven's own Barrage writer, as the real server does for {@code DoGet}: one
 * schema message, then record batches that carry Barrage snapshot metadata (which plain Arrow readers ignore).
 * Static tables of primitive, {@code Instant}, {@code Boolean} and {@code String} columns skip Barrage for their
 * record batches ({@link BulkRecordBatches}: the same Arrow bytes, written in bulk). Each emitted stream is one
 * serialized {@code FlightData} message.
 */
public final class ArrowTableWriter {
    private final BarrageMessageWriter.Factory factory = new BarrageMessageWriterImpl.Factory();

    /**
     * @return the Arrow IPC schema message of a table in the continuation-prefixed form ({@code FFFFFFFF}, length,
     *         flatbuffer) that {@code ExportedTableCreationResponse.schema_header} carries
     */
    public static ByteString schemaHeader(Table table) {
        return BarrageUtil.schemaBytesFromTable(table);
    }

    /**
     * Writes a consistent snapshot of the table for {@code DoGet}, whose readers are plain Arrow readers: the
     * schema, then its rows in batches. Static tables of primitive, {@code Instant}, {@code Boolean} and
     * {@code String} columns take the bulk path ({@link BulkRecordBatches}), which leaves out Barrage's per-batch
     * metadata that such readers ignore.
     *
     * @param table the table; it must stay live until this returns
     * @param sink receives each serialized {@code FlightData} message, in order, on the calling thread
     */
    public void writeSnapshot(Table table, Consumer<InputStream> sink) throws IOException {
        BaseTable<?> source = liveSource(table);
        writeSchema(source, BarrageUtil.DEFAULT_SNAPSHOT_OPTIONS, sink);
        if (BulkRecordBatches.supports(source)) {
            BulkRecordBatches.write(source, sink);
        } else {
            writeBarrageBatches(source, null, null, false, BarrageUtil.DEFAULT_SNAPSHOT_OPTIONS, sink);
        }
    }

    /**
     * Writes a consistent snapshot of some columns and rows of the table, as a Barrage snapshot request asks:
     * the schema, then the rows in batches, always with Barrage metadata (Barrage readers require it).
     *
     * @param table the table; it must stay live until this returns
     * @param columns the columns to include, or null for all
     * @param viewport the row positions to include, or null for all
     * @param reverseViewport whether the positions count from the end of the table
     * @param options the client's serialization options
     * @param sink receives each serialized {@code FlightData} message, in order, on the calling thread
     */
    public void writeSnapshot(Table table, BitSet columns, RowSet viewport, boolean reverseViewport,
            BarrageSnapshotOptions options, Consumer<InputStream> sink) throws IOException {
        BaseTable<?> source = liveSource(table);
        writeSchema(source, options, sink);
        writeBarrageBatches(source, columns, viewport, reverseViewport, options, sink);
    }

    private static BaseTable<?> liveSource(Table table) {
        BaseTable<?> source = (BaseTable<?>) table.coalesce();
        if (source.isFailed()) {
            throw Status.FAILED_PRECONDITION.withDescription("Table is already failed").asRuntimeException();
        }
        return source;
    }

    private void writeSchema(BaseTable<?> source, BarrageSnapshotOptions options, Consumer<InputStream> sink)
            throws IOException {
        factory.getSchemaView(builder -> BarrageUtil.makeTableSchemaPayload(builder, options,
                source.getDefinition(), source.getAttributes(), source.isFlat()))
                .forEachStream(forward(sink));
    }

    private void writeBarrageBatches(BaseTable<?> source, BitSet columns, RowSet viewport, boolean reverseViewport,
            BarrageSnapshotOptions options, Consumer<InputStream> sink) throws IOException {
        SnapshotCollector batches = new SnapshotCollector(sink);
        BarrageUtil.createAndSendSnapshot(factory, source, columns, viewport, reverseViewport, options, batches,
                new BarragePerformanceLog.SnapshotMetricsHelper());
        batches.rethrow();
    }

    private static Consumer<DefensiveDrainable> forward(Consumer<InputStream> sink) {
        return sink::accept;
    }

    /** Adapts the engine's observer-style snapshot output to the sink, keeping the first failure. */
    private static final class SnapshotCollector implements StreamObserver<BarrageMessageWriter.MessageView> {
        private final Consumer<InputStream> sink;
        private Throwable failure;

        SnapshotCollector(Consumer<InputStream> sink) {
            this.sink = sink;
        }

        @Override
        public void onNext(BarrageMessageWriter.MessageView view) {
            try {
                view.forEachStream(forward(sink));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
        }

        @Override
        public void onCompleted() {}

        void rethrow() throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new IOException(failure);
            }
        }
    }
}
