package dev.deephavencdi.server.internal.flight;

import io.deephaven.engine.rowset.RowSet;
import io.deephaven.engine.rowset.RowSetFactory;
import io.deephaven.engine.rowset.WritableRowSet;
import io.deephaven.engine.table.TableUpdate;
import io.deephaven.engine.table.impl.util.BarrageMessage;
import io.deephaven.engine.table.impl.util.UpdateCoalescer;
import io.deephaven.extensions.barrage.BarrageMessageWriter;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribers of one {@link LiveTableFeed} that are behind by the same updates, since {@link #firstStep}: the
 * updates coalesced as row sets, and what the members' clients mirror. Owns those row sets: the feed
 * {@linkplain #close() closes} a cohort when it drops it (its last member caught up or left, or the feed stopped).
 * Not thread-safe: the feed guards it.
 */
final class Cohort {
    private static final Logger log = LoggerFactory.getLogger(Cohort.class);

    final List<LiveSubscriber> members;
    private final UpdateCoalescer updates;
    private final WritableRowSet rowsBefore; // the row set the members' clients mirror; only kept for viewport members
    private final long firstStep;
    private long lastStep;
    private boolean closed;

    /**
     * @param rowsBefore the table's rows before {@code first}; copied if a member has a viewport
     * @param first the first update the members have not received
     */
    Cohort(List<LiveSubscriber> members, RowSet rowsBefore, TableUpdate first, long step) {
        this.members = new ArrayList<>(members);
        this.updates = new UpdateCoalescer(rowsBefore, first);
        this.rowsBefore = members.stream().anyMatch(s -> !s.isFullSubscription()) ? rowsBefore.copy() : null;
        this.firstStep = step;
        this.lastStep = step;
    }

    /**
     * Releases the row sets this cohort owns: the coalesced updates and the copy of the mirrored rows (the
     * coalescer's own copy of the table's rows is private to the engine and left to the garbage collector).
     * Idempotent.
     *
     * @return true, so that {@code removeIf} can close what it removes
     */
    boolean close() {
        if (!closed) {
            closed = true;
            updates.added.close();
            updates.removed.close();
            updates.modified.close();
            closeQuietly(rowsBefore);
        }
        return true;
    }

    void add(TableUpdate update, long step) {
        updates.update(update);
        lastStep = step;
    }

    /**
     * Builds the message that brings {@code ready} up to date with the table's current rows, and forgets them.
     * The table must be idle (the caller holds the update graph's shared lock) so that its current values are the
     * state after the last coalesced update.
     *
     * @param rows the table's current rows
     */
    Outgoing catchUp(List<LiveSubscriber> ready, RowSet rows, DeltaMessages deltas) {
        TableUpdate update = updates.coalesce();
        WritableRowSet included = update.added().copy();
        WritableRowSet viewportRows = RowSetFactory.empty();
        boolean anyFull = false;
        List<RowSet> viewsBefore = new ArrayList<>();
        List<RowSet> views = new ArrayList<>();
        for (LiveSubscriber member : ready) {
            if (member.isFullSubscription()) {
                anyFull = true;
                viewsBefore.add(null);
                views.add(null);
                continue;
            }
            RowSet before = rowsBefore.subSetForPositions(member.viewport(), member.reverseViewport());
            WritableRowSet now = rows.subSetForPositions(member.viewport(), member.reverseViewport());
            // rows that scrolled into the viewport without being added need their data too
            try (WritableRowSet scrolledIn = now.minus(update.added())) {
                update.shifted().unapply(scrolledIn);
                scrolledIn.remove(before);
                update.shifted().apply(scrolledIn);
                included.insert(scrolledIn);
            }
            viewportRows.insert(now);
            viewsBefore.add(before);
            views.add(now);
        }
        RowSet modifiedScope = null;
        if (!anyFull) {
            // only viewport clients: copy only the rows they can see
            included.retain(viewportRows);
            modifiedScope = viewportRows;
        }
        BarrageMessage message;
        try {
            message = deltas.build(update, included, modifiedScope, firstStep, lastStep);
        } finally {
            viewportRows.close();
        }
        members.removeAll(ready);
        return new Outgoing(message, List.copyOf(ready), viewsBefore, views);
    }

    /** One message and the views of it that go to each member it was built for. */
    record Outgoing(BarrageMessage message, List<LiveSubscriber> members, List<RowSet> viewsBefore,
            List<RowSet> views) {

        /** Writes each member its view; a member whose write fails is ended with {@code INTERNAL}. */
        void send(BarrageMessageWriter writer, long nowNanos) {
            List<LiveSubscriber> failed = new ArrayList<>();
            try (writer) {
                for (int i = 0; i < members.size(); i++) {
                    LiveSubscriber member = members.get(i);
                    try {
                        member.send(writer.getSubView(member.options(), false, member.isFullSubscription(),
                                member.viewport(), member.reverseViewport(), viewsBefore.get(i), views.get(i),
                                member.columns()), nowNanos);
                    } catch (Exception e) {
                        log.warn("writing an update to {} failed", member, e);
                        failed.add(member);
                    }
                }
            } finally {
                viewsBefore.forEach(Cohort::closeQuietly);
                views.forEach(Cohort::closeQuietly);
            }
            failed.forEach(member -> member.close(Status.INTERNAL.withDescription("the server failed to write an"
                    + " update to this subscription")));
        }
    }

    private static void closeQuietly(RowSet rows) {
        if (rows != null) {
            rows.close();
        }
    }
}
