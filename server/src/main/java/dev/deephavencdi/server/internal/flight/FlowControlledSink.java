package dev.deephavencdi.server.internal.flight;

import io.grpc.Drainable;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Writes messages to a server stream only while the transport is ready for more, so a slow reader of a large
 * table holds back the writer instead of making the server buffer the whole table. Runs on a writer thread that is
 * not the call's own executor, which delivers the readiness callbacks.
 *
 * <p>The call counts as ready while less than {@link #READY_BELOW_BYTES} are queued (gRPC's default is 32 KiB): with
 * the default, every multi-megabyte record batch had to drain almost completely before the writer built the next
 * one, so building and sending never overlapped. Now one batch is built while the one before it is sent, and a slow
 * reader still holds at most about two batches in the server.
 */
final class FlowControlledSink implements Consumer<InputStream> {
    /** Two of the bulk writer's record batches. */
    static final int READY_BELOW_BYTES = 2 * BulkRecordBatches.TARGET_MESSAGE_BYTES;

    /**
     * A safety net only: the readiness callback wakes the writer; this bounds the wait should a wake-up be lost.
     */
    private static final long RECHECK_MILLIS = 1000;

    private final ServerCallStreamObserver<InputStream> call;
    private final Object readiness = new Object();
    private volatile boolean cancelled;

    private FlowControlledSink(ServerCallStreamObserver<InputStream> call) {
        this.call = call;
    }

    /**
     * A sink that registers the call's readiness and cancellation callbacks itself; must be created in the call's
     * handler method, before it returns, as gRPC requires of those callbacks.
     */
    static FlowControlledSink registeredOn(ServerCallStreamObserver<InputStream> call) {
        FlowControlledSink sink = new FlowControlledSink(call);
        call.setOnReadyThreshold(READY_BELOW_BYTES);
        call.setOnReadyHandler(sink::onReady);
        call.setOnCancelHandler(sink::onCancel);
        return sink;
    }

    /**
     * A sink for a call whose owner already registered the callbacks and forwards them to {@link #onReady()} and
     * {@link #onCancel()}.
     */
    static FlowControlledSink forwardedFrom(ServerCallStreamObserver<InputStream> call) {
        return new FlowControlledSink(call);
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** The transport can take more: wakes a waiting writer. */
    void onReady() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    /** The client went away: a waiting or later write fails with {@code CANCELLED}. */
    void onCancel() {
        cancelled = true;
        onReady();
    }

    @Override
    public void accept(InputStream message) {
        synchronized (readiness) {
            while (!call.isReady() && !cancelled) {
                try {
                    readiness.wait(RECHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Status.CANCELLED.withDescription("server shutting down").asRuntimeException();
                }
            }
        }
        if (cancelled) {
            throw Status.CANCELLED.withDescription("the client cancelled the stream").asRuntimeException();
        }
        call.onNext(message instanceof Drainable drainable ? new BufferedDrainable(drainable) : message);
    }
}
