package dev.deephavencdi.server.internal.session;

/**
 * One in-flight request that creates exports of a session (a batch, or a unary table operation). Its exports are
 * registered pending before it runs, so other requests can wait for them; in turn it may wait for the pending
 * exports of other requests. The session records which export each request waits for, and refuses a wait that
 * would close a cycle (two batches each waiting for an export the other produces later), which would otherwise
 * hang both calls forever.
 *
 * <p>Create one per request; its state is guarded by the owning {@link ServerSession}.
 */
public final class ExportingRequest {
    /** The pending export this request is blocked on, or null; guarded by the session's wait lock. */
    Export waitingFor;
}
