package dev.deephavencdi.server.internal.flight;

import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import io.deephaven.engine.table.Table;
import io.deephaven.extensions.barrage.BarrageMessageWriter;
import io.deephaven.extensions.barrage.BarrageMessageWriterImpl;
import io.deephaven.util.SafeCloseable;
import io.grpc.Status;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The server's {@link LiveTableFeed}s, one per subscribed table, so that every subscriber of a table shares one
 * engine listener and one copy of each update's data. A feed starts with its first subscriber and releases its
 * listener when its last one leaves. Thread-safe.
 */
public final class LiveTableFeeds {
    private final DeephavenEngine engine;
    private final Executor runner;
    private final ScheduledExecutorService timer;
    private final BarrageMessageWriter.Factory writers = new BarrageMessageWriterImpl.Factory();
    private final Map<Table, LiveTableFeed> feeds = new IdentityHashMap<>(); // guarded by itself
    private final Set<LiveSubscriber> subscribers = new HashSet<>(); // guarded by feeds

    /**
     * @param runner runs the feeds' work (snapshots, message building, writes); one task per feed at a time
     * @param timer delays updates for clients that asked for a minimum interval between them
     */
    public LiveTableFeeds(DeephavenEngine engine, Executor runner, ScheduledExecutorService timer) {
        this.engine = engine;
        this.runner = runner;
        this.timer = timer;
    }

    /** Adds a subscriber to the feed of a table, starting the feed if needed; it then gets its first snapshot. */
    void subscribe(Table table, LiveSubscriber subscriber) {
        synchronized (feeds) {
            LiveTableFeed feed = feeds.get(table);
            if (feed == null || !feed.add(subscriber)) {
                try (SafeCloseable ignored = engine.context().open()) {
                    feed = new LiveTableFeed(table, engine, runner, timer, writers);
                }
                feeds.put(table, feed);
                feed.add(subscriber);
            }
            subscribers.add(subscriber);
            LiveTableFeed joined = feed;
            subscriber.onClose(() -> leave(table, joined, subscriber));
        }
    }

    private void leave(Table table, LiveTableFeed feed, LiveSubscriber subscriber) {
        synchronized (feeds) {
            subscribers.remove(subscriber);
            if (feed.remove(subscriber)) {
                feeds.remove(table, feed);
            }
        }
    }

    /** @return the subscriptions currently open */
    public int subscriptionCount() {
        synchronized (feeds) {
            return subscribers.size();
        }
    }

    /**
     * Ends every subscription, for a server shutting down: their streams would otherwise keep gRPC's graceful
     * shutdown waiting.
     */
    public void endAll(String why) {
        List<LiveSubscriber> all;
        synchronized (feeds) {
            all = List.copyOf(subscribers);
        }
        all.forEach(subscriber -> subscriber.close(Status.UNAVAILABLE.withDescription(why)));
    }
}
