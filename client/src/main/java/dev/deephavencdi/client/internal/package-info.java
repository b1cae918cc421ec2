/**
 * Internals of the client: not an API, may change without notice. Applications use
 * {@link dev.deephavencdi.client} only.
 *
 * <p>How it fits together: a {@link dev.deephavencdi.client.internal.Connection} owns one gRPC channel (through
 * the official Deephaven Java client), a scheduler, a {@link java.lang.ref.Cleaner} and an Arrow allocator; each
 * {@link dev.deephavencdi.client.internal.DefaultSession} wraps one official session. Every table operation is
 * sent by {@link dev.deephavencdi.client.internal.TableCreator} as a fresh batch whose parents are referenced by
 * their export tickets, so each {@link dev.deephavencdi.client.Table} owns exactly one export that nothing else
 * shares. That export lives in a {@link dev.deephavencdi.client.internal.TableState}, tracked by the session's
 * {@link dev.deephavencdi.client.internal.SessionTables}, and released by whichever comes first: an explicit
 * close, the Cleaner (the {@code Table} became unreachable), or the session closing.
 * {@link dev.deephavencdi.client.internal.Failures} is the one place where failures become
 * {@link dev.deephavencdi.client.DeephavenException}s.
 *
 * <p>Live tables: {@link dev.deephavencdi.client.internal.LiveSubscription} subscribes with the official Barrage
 * client, which mirrors the table on a client-side engine ({@link dev.deephavencdi.client.internal.ClientEngine});
 * a listener on that copy feeds an {@link dev.deephavencdi.client.internal.UpdateDelivery}, which hands updates to
 * the application one at a time and merges what a slow consumer has not taken yet.
 * {@link dev.deephavencdi.client.internal.UpdatePublisher} adapts that to {@code Flow.Publisher}, and
 * {@link dev.deephavencdi.client.internal.BarrageSnapshots} reads Barrage snapshots.
 */
package dev.deephavencdi.client.internal;
