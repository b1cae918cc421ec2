package dev.deephavencdi.server.internal.flight;

import io.deephaven.engine.rowset.RowSet;
import io.deephaven.extensions.barrage.BarrageMessageWriter;
import io.deephaven.extensions.barrage.BarrageSubscriptionOptions;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Barrage subscription: the client's stream, what it asked for (columns, a position-space viewport or the
 * whole table, serialization options) and whether it is still open.
 *
 * <p>Messages are written only by the {@link LiveTableFeed} runner; {@link #close} may come from any thread (the
 * client cancelling, the source export being released, the session closing, the table failing). Writes and the
 * final status are serialized, and nothing is written after the stream ended. Thread-safe.
 */
final class LiveSubscriber {
    private static final Logger log = LoggerFactory.getLogger(LiveSubscriber.class);

    private final ServerCallStreamObserver<InputStream> call;
    private final BarrageSubscriptionOptions options;
    private final BitSet columns;
    private final RowSet viewport;
    private final boolean reverseViewport;
    private final long minIntervalNanos;
    private final String description;
    private final Object writes = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> cleanups = new ArrayList<>(); // guarded by itself
    private volatile LiveTableFeed feed;
    private long nextSendNanos; // runner thread only

    /**
     * @param columns the columns asked for, or null for all
     * @param viewport the row positions asked for, or null for the whole table
     */
    LiveSubscriber(ServerCallStreamObserver<InputStream> call, BarrageSubscriptionOptions options, BitSet columns,
            RowSet viewport, boolean reverseViewport, String description) {
        this.call = call;
        this.options = options;
        this.columns = columns;
        this.viewport = viewport;
        this.reverseViewport = reverseViewport;
        this.minIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, options.minUpdateIntervalMs()));
        this.description = description;
    }

    BarrageSubscriptionOptions options() {
        return options;
    }

    /** @return the subscribed columns, or null for all */
    BitSet columns() {
        return columns;
    }

    /** @return the position-space viewport, or null for the whole table */
    RowSet viewport() {
        return viewport;
    }

    boolean reverseViewport() {
        return reverseViewport;
    }

    boolean isFullSubscription() {
        return viewport == null;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** @param cleanup runs once when the subscription ends (at once if it already has) */
    void onClose(Runnable cleanup) {
        synchronized (cleanups) {
            if (!closed.get()) {
                cleanups.add(cleanup);
                return;
            }
        }
        run(cleanup);
    }

    void attach(LiveTableFeed feed) {
        this.feed = feed;
    }

    /** The transport can take more: lets the feed send what this subscriber has missed. */
    void onReady() {
        LiveTableFeed current = feed;
        if (current != null) {
            current.schedule();
        }
    }

    /** @return whether the transport takes more now (without buffering beyond gRPC's window) */
    boolean isWritable() {
        return !closed.get() && call.isReady();
    }

    /** @return how long until the client's {@code minUpdateIntervalMs} allows the next message; 0 for now */
    long nanosUntilDue(long nowNanos) {
        return Math.max(0, nextSendNanos - nowNanos);
    }

    /** Writes every Flight message of the view (gRPC copies each one before {@code onNext} returns). */
    void send(BarrageMessageWriter.MessageView view, long nowNanos) throws IOException {
        synchronized (writes) {
            if (closed.get()) {
                return;
            }
            view.forEachStream(call::onNext);
        }
        nextSendNanos = nowNanos + minIntervalNanos;
    }

    /**
     * Ends the subscription. Idempotent: the first call wins.
     *
     * @param status the status to end the stream with: {@code OK} completes it, an error fails it, null sends
     *        nothing (the client already went away)
     */
    void close(Status status) {
        synchronized (cleanups) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        }
        runCleanups();
        if (status == null) {
            log.debug("subscription to {} cancelled by the client", description);
            return;
        }
        synchronized (writes) {
            try {
                if (status.isOk()) {
                    call.onCompleted();
                } else {
                    log.debug("subscription to {} ended: {}", description, status);
                    call.onError(status.asRuntimeException());
                }
            } catch (RuntimeException e) {
                log.debug("could not end the subscription to {} (the call is gone): {}", description, e.toString());
            }
        }
    }

    private void runCleanups() {
        List<Runnable> toRun;
        synchronized (cleanups) {
            toRun = List.copyOf(cleanups);
            cleanups.clear();
        }
        toRun.forEach(this::run);
    }

    private void run(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            log.warn("cleaning up the {} failed", this, e);
        }
    }

    @Override
    public String toString() {
        return "subscription to " + description;
    }
}
