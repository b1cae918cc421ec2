package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.SessionClosedException;
import dev.deephavencdi.client.TableReleasedException;
import dev.deephavencdi.client.internal.Failures.Action;
import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.SessionImpl;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the helpers of one session ({@link TableCreator}, {@link DefaultTable}, {@link LiveSubscription},
 * {@link RowReader}, {@link BarrageSnapshots}) need from it: whether it is open, its connection's settings and
 * threads, its Flight/Barrage session, its live subscriptions, and how to explain a failure. The session creates it
 * and hands it down; the helpers never call back into {@link DefaultSession}. Thread-safe.
 */
final class SessionContext {
    private static final Logger log = LoggerFactory.getLogger(SessionContext.class);

    private final Connection connection;
    private final io.deephaven.client.impl.Session official;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<LiveSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private BarrageSession barrage; // guarded by this; created on first read or subscription

    SessionContext(Connection connection, io.deephaven.client.impl.Session official) {
        this.connection = connection;
        this.official = official;
    }

    ConnectionSettings settings() {
        return connection.settings();
    }

    /** @return the official session, for the RPCs its {@code TableSpec} cannot express (head_by, input tables) */
    io.deephaven.client.impl.Session official() {
        return official;
    }

    /** @return the connection's counters */
    ConnectionStatistics statistics() {
        return connection.counters();
    }

    /** @return the connection's executor for work off the caller's thread */
    Executor async() {
        return connection.async();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** @return true the first time only: the caller then closes the session */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    void requireOpen() {
        if (closed.get()) {
            throw closedException("it was closed");
        }
    }

    SessionClosedException closedException(String why) {
        return closedException(why, settings());
    }

    static SessionClosedException closedException(String why, ConnectionSettings settings) {
        return new SessionClosedException("the session to " + settings.targetText() + " cannot be used: " + why
                + "; open a new session", null);
    }

    TableReleasedException released(TableState state) {
        return new TableReleasedException(state + " was released (closed, or garbage-collected after it became"
                + " unreachable); keep a reference to tables you still use and create or fetch it again", null);
    }

    /**
     * A failure of an operation on this session's tables, explained from the client's side first, since local
     * state beats the server's late view of it: a closed session, then a released parent, then
     * {@link #translate what the server or the transport said}.
     */
    DeephavenException fail(Throwable failure, Action action, String what, TableState... parents) {
        if (closed.get()) {
            interruptIfInterrupted(failure);
            return closedException("it was closed");
        }
        for (TableState parent : parents) {
            if (parent.isReleased()) {
                interruptIfInterrupted(failure);
                return released(parent);
            }
        }
        return translate(failure, action, what);
    }

    /**
     * What the official client, gRPC or Flight threw, as our exception ({@link Failures}); unwraps an
     * {@link ExecutionException}, and keeps an interrupt flagged on the thread.
     */
    DeephavenException translate(Throwable failure, Action action, String what) {
        Throwable cause = failure instanceof ExecutionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        return Failures.translate(cause, action, what, settings());
    }

    private static void interruptIfInterrupted(Throwable failure) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the Flight session for DoGet reads; the Barrage session, which is one */
    FlightSession flight() {
        return barrage();
    }

    /** @return the Barrage session (Flight plus DoExchange snapshots and subscriptions), created on first use */
    synchronized BarrageSession barrage() {
        requireOpen();
        if (barrage == null) {
            barrage = BarrageSession.of((SessionImpl) official, connection.allocator(), connection.channel());
        }
        return barrage;
    }

    /** Closes the Flight client, not the Barrage session: that would close the official session early. */
    synchronized void closeFlight() {
        if (barrage != null) {
            try {
                barrage.getClient().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.debug("closing the Flight client failed", e);
            }
        }
    }

    void track(LiveSubscription subscription) {
        subscriptions.add(subscription);
        if (closed.get()) {
            subscription.completeWithSession(); // lost a race with close()
        }
    }

    void untrack(LiveSubscription subscription) {
        subscriptions.remove(subscription);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** @return the live subscriptions, for the session to end when it closes */
    List<LiveSubscription> subscriptions() {
        return List.copyOf(subscriptions);
    }
}
