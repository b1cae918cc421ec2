package dev.deephavencdi.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The anchor of the DoGet benchmark: a plain Arrow Flight Java server ({@link FlightServer} with a
 * {@link NoOpFlightProducer} whose {@code getStream} is overridden) serving a table held in memory as Arrow
 * record batches, streamed the way Arrow's own documentation and examples do it ({@link Streaming}).
 *
 * <p>The batches are taken from a stream read once (see {@link #copyOf}), so the anchor serves exactly the schema,
 * values and batch boundaries our server sent for the same table.
 */
public final class ArrowFlightAnchor implements AutoCloseable {

    /** How the producer hands the batches to the listener; each is a way Arrow Java documents. */
    public enum Streaming {
        /**
         * {@code putNext} per batch on the gRPC call's thread, no readiness check (Arrow's examples, e.g. its
         * in-memory store): gRPC queues what the transport cannot take yet.
         */
        PUT_NEXT,
        /** As {@link #PUT_NEXT} with {@code setUseZeroCopy(true)}: the batches' buffers go to gRPC uncopied. */
        PUT_NEXT_ZERO_COPY,
        /**
         * Arrow's {@link BackpressureStrategy.CallbackBackpressureStrategy}, used as its javadoc requires ("only in
         * producers that are non-blocking"): {@code getStream} registers it and returns, and a producer thread waits
         * for readiness before each {@code putNext}. Blocking in {@code getStream} itself would hold the call's
         * executor, which also delivers the readiness callback.
         */
        CALLBACK_BACKPRESSURE
    }

    private final BufferAllocator allocator;
    private final Schema schema;
    private final List<ArrowRecordBatch> batches;
    private final Streaming streaming;
    private final ExecutorService producers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "arrow-flight-anchor-producer");
        thread.setDaemon(true);
        return thread;
    });
    private final FlightServer server;

    /**
     * @param allocator the allocator of the batches; the caller closes it after this
     * @param schema the table's schema
     * @param batches the table's record batches, owned by this from now on
     * @param streaming how the producer streams them
     */
    public ArrowFlightAnchor(BufferAllocator allocator, Schema schema, List<ArrowRecordBatch> batches,
            Streaming streaming) {
        this.allocator = allocator;
        this.schema = schema;
        this.batches = batches;
        this.streaming = streaming;
        try {
            server = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), new Producer())
                    .build().start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a Flight stream to its end and keeps its batches (their buffers retained, in the stream's allocator).
     *
     * @return the schema and the batches
     */
    static Copy copyOf(FlightStream stream) {
        List<ArrowRecordBatch> batches = new ArrayList<>();
        Schema schema = stream.getSchema();
        while (stream.next()) {
            batches.add(new VectorUnloader(stream.getRoot()).getRecordBatch());
        }
        return new Copy(schema, batches);
    }

    /** A table read from a stream: its schema and record batches. */
    record Copy(Schema schema, List<ArrowRecordBatch> batches) {
        long rows() {
            return batches.stream().mapToLong(ArrowRecordBatch::getLength).sum();
        }

        /** @return the batches' body bytes (buffers, padding included): the column data on the wire */
        long bodyBytes() {
            return batches.stream().mapToLong(ArrowRecordBatch::computeBodyLength).sum();
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
        producers.shutdownNow();
        batches.forEach(ArrowRecordBatch::close);
        batches.clear();
    }

    private final class Producer extends NoOpFlightProducer {
        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            switch (streaming) {
                case PUT_NEXT -> stream(listener, null);
                case PUT_NEXT_ZERO_COPY -> {
                    listener.setUseZeroCopy(true);
                    stream(listener, null);
                }
                case CALLBACK_BACKPRESSURE -> {
                    BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
                    backpressure.register(listener);
                    producers.execute(() -> stream(listener, backpressure));
                }
            }
        }

        private void stream(ServerStreamListener listener, BackpressureStrategy backpressure) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
                VectorLoader loader = new VectorLoader(root);
                listener.start(root);
                for (ArrowRecordBatch batch : batches) {
                    if (backpressure != null) {
                        BackpressureStrategy.WaitResult result = backpressure.waitForListener(0);
                        if (result != BackpressureStrategy.WaitResult.READY) {
                            listener.error(new IllegalStateException("stream ended while waiting: " + result));
                            return;
                        }
                    }
                    loader.load(batch);
                    listener.putNext();
                }
                listener.completed();
            } catch (RuntimeException e) {
                listener.error(e);
            }
        }
    }
}
