package dev.deephavencdi.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The anchor of the DoGet benchmark: a plain Arrow Flight Java server ({@link FlightServer} with a
 * {@link NoOpFlightProducer} whose {@code getStream} is overridden) serving the same table from memory: columns
 * {@code X = i} and {@code Y = 2*i} as 32-bit ints, pre-built as record batches of a given row count and streamed
 * with back-pressure, as a well-behaved Flight producer does.
 */
public final class ArrowFlightAnchor implements AutoCloseable {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("X", FieldType.nullable(new ArrowType.Int(32, true)), null),
            new Field("Y", FieldType.nullable(new ArrowType.Int(32, true)), null)));

    private final BufferAllocator allocator;
    private final List<ArrowRecordBatch> batches = new ArrayList<>();
    private final FlightServer server;

    /**
     * @param allocator where the table lives; the caller closes it after this
     * @param rows the number of rows
     * @param batchRows rows per record batch
     */
    public ArrowFlightAnchor(BufferAllocator allocator, long rows, int batchRows) {
        this.allocator = allocator;
        for (long start = 0; start < rows; start += batchRows) {
            int count = (int) Math.min(batchRows, rows - start);
            try (VectorSchemaRoot piece = VectorSchemaRoot.create(SCHEMA, allocator)) {
                IntVector x = (IntVector) piece.getVector(0);
                IntVector y = (IntVector) piece.getVector(1);
                x.allocateNew(count);
                y.allocateNew(count);
                for (int row = 0; row < count; row++) {
                    int i = (int) (start + row);
                    x.set(row, i);
                    y.set(row, 2 * i);
                }
                piece.setRowCount(count);
                batches.add(new VectorUnloader(piece).getRecordBatch());
            }
        }
        try {
            server = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), new Producer())
                    .build().start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public int batchCount() {
        return batches.size();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitTermination();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        batches.forEach(ArrowRecordBatch::close);
        batches.clear();
    }

    /**
     * Streams the batches, waiting while the transport is not ready, exactly as our server's writer does (a
     * readiness callback plus a 100 ms recheck). Arrow's {@code CallbackBackpressureStrategy} was tried first and
     * timed out on streams of more than two multi-megabyte batches.
     */
    private final class Producer extends NoOpFlightProducer {
        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            Object readiness = new Object();
            listener.setOnReadyHandler(() -> {
                synchronized (readiness) {
                    readiness.notifyAll();
                }
            });
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                VectorLoader loader = new VectorLoader(root);
                listener.start(root);
                for (ArrowRecordBatch batch : batches) {
                    synchronized (readiness) {
                        while (!listener.isReady() && !listener.isCancelled()) {
                            readiness.wait(100);
                        }
                    }
                    if (listener.isCancelled()) {
                        return;
                    }
                    loader.load(batch);
                    listener.putNext();
                }
                listener.completed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.error(e);
            } catch (RuntimeException e) {
                listener.error(e);
            }
        }
    }
}
