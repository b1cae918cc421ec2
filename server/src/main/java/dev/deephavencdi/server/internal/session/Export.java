package dev.deephavencdi.server.internal.session;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.engine.liveness.LivenessScope;
import io.deephaven.engine.table.Table;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One export of one session: the result of a table operation, addressed by an {@code 'e'} ticket.
 *
 * <p>An export is created {@linkplain State#PENDING pending} when a request names its result ticket, so that a
 * request arriving meanwhile (a publish, a fetch) waits for it, as on the real server. It then becomes
 * {@linkplain State#EXPORTED exported} or {@linkplain State#FAILED failed}, and finally
 * {@linkplain State#RELEASED released}: by the client, or because its session ended. An exported export keeps its
 * table alive through its own liveness scope; releasing it drops that reference and runs the release hooks (which
 * remove every shared ticket published from it) before {@link #release()} returns.
 *
 * <p>Thread-safe.
 */
public final class Export {

    /** The lifecycle of an export. */
    public enum State { PENDING, EXPORTED, FAILED, RELEASED }

    private final ServerSession owner;
    private final ExportTicket ticket;
    private final ExportingRequest producer;
    private final CompletableFuture<Table> result = new CompletableFuture<>();
    private final LivenessScope liveness = new LivenessScope(true);
    private final List<Runnable> releaseHooks = new ArrayList<>();
    private State state = State.PENDING;

    Export(ServerSession owner, ExportTicket ticket, ExportingRequest producer) {
        this.owner = owner;
        this.ticket = ticket;
        this.producer = producer;
    }

    /** @return the request that computes this export, or null if it is resolved outside a table operation */
    ExportingRequest producer() {
        return producer;
    }

    public ExportTicket ticket() {
        return ticket;
    }

    public ServerSession owner() {
        return owner;
    }

    public synchronized State state() {
        return state;
    }

    /**
     * Resolves a pending export with its table. Must be called while the table is still live (inside the engine
     * liveness scope that created it, or while another export holds it): the export takes its own reference
     * first. If the export was released while pending, the table is not retained.
     */
    public void complete(Table table) {
        boolean retained;
        synchronized (this) {
            if (state != State.PENDING) {
                return;
            }
            retained = liveness.tryManage(table);
            if (retained) {
                state = State.EXPORTED;
            }
        }
        if (!retained) {
            fail(ServerErrors.failedPrecondition("the source table of export " + ticket.id()
                    + " was released while it was being exported"));
            return;
        }
        result.complete(table);
    }

    /** Resolves a pending export as failed; requests that depend on it fail with the same status. */
    public void fail(StatusRuntimeException failure) {
        synchronized (this) {
            if (state != State.PENDING) {
                return;
            }
            state = State.FAILED;
        }
        result.completeExceptionally(failure);
    }

    /**
     * Waits for the export to resolve and returns its table.
     *
     * @throws StatusRuntimeException {@code FAILED_PRECONDITION} if it failed or was released
     */
    public Table awaitTable() {
        try {
            Table table = result.get();
            synchronized (this) {
                if (state == State.RELEASED) {
                    throw released();
                }
            }
            return table;
        } catch (ExecutionException e) {
            StatusRuntimeException cause = ServerErrors.toStatus(e.getCause());
            if (state() == State.RELEASED) {
                throw released();
            }
            throw ServerErrors.failedPrecondition("export " + ticket.id() + " failed: "
                    + cause.getStatus().getCode() + ": " + cause.getStatus().getDescription());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServerErrors.unavailable("interrupted while waiting for export " + ticket.id());
        }
    }

    /**
     * Registers work to run once when this export is released.
     *
     * @return false if the export is no longer exported (released or failed), in which case the hook was not kept
     */
    public synchronized boolean onRelease(Runnable hook) {
        if (state != State.EXPORTED) {
            return false;
        }
        releaseHooks.add(hook);
        return true;
    }

    /** Forgets a hook registered with {@link #onRelease}, for users that end before the export does. */
    public synchronized void removeOnRelease(Runnable hook) {
        releaseHooks.remove(hook);
    }

    /**
     * Releases the export: its table reference is dropped and every shared ticket published from it is removed
     * before this returns. Idempotent.
     */
    public void release() {
        List<Runnable> hooks;
        boolean wasPending;
        synchronized (this) {
            if (state == State.RELEASED) {
                return;
            }
            wasPending = state == State.PENDING;
            boolean wasExported = state == State.EXPORTED;
            state = State.RELEASED;
            hooks = List.copyOf(releaseHooks);
            releaseHooks.clear();
            if (wasExported) {
                liveness.release();
            }
        }
        if (wasPending) {
            result.completeExceptionally(released());
        }
        hooks.forEach(Runnable::run);
        owner.onExportReleased(this);
    }

    private StatusRuntimeException released() {
        return ServerErrors.failedPrecondition("export " + ticket.id() + " was released; it can no longer be used");
    }

    @Override
    public String toString() {
        return owner + "/" + ticket;
    }
}
