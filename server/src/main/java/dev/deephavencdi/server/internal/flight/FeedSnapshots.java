package dev.deephavencdi.server.internal.flight;

import io.deephaven.engine.rowset.RowSet;
import io.deephaven.engine.rowset.RowSetBuilderRandom;
import io.deephaven.engine.rowset.RowSetFactory;
import io.deephaven.engine.table.impl.BaseTable;
import io.deephaven.engine.table.impl.remote.ConstructSnapshot;
import io.deephaven.engine.table.impl.util.BarrageMessage;
import io.deephaven.engine.updategraph.LogicalClock;
import io.deephaven.engine.updategraph.UpdateGraph;
import io.deephaven.extensions.barrage.BarrageMessageWriter;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the subscribers that joined a {@link LiveTableFeed} their first message: the schema, then one snapshot
 * taken for all of them together (the union of their columns and viewports), registered in the feed at the step
 * the snapshot shows.
 *
 * <p>The snapshot runs the engine's {@code ConstructSnapshot} with a control modelled on the engine's own rule: at
 * an idle clock current values are consistent; during an update cycle they are only if the feed's listener was
 * already notified on this step, otherwise the previous values are. The snapshot is accepted only if no update
 * reached the listener meanwhile, and the joiners are registered in the same critical section, so each later
 * update reaches them exactly once. Under contention the engine falls back to the update graph's shared lock.
 */
final class FeedSnapshots {
    private static final Logger log = LoggerFactory.getLogger(FeedSnapshots.class);

    private final LiveTableFeed feed;

    FeedSnapshots(LiveTableFeed feed) {
        this.feed = feed;
    }

    void admitJoiners() {
        List<LiveSubscriber> joiners = new ArrayList<>(feed.joiners());
        joiners.removeIf(LiveSubscriber::isClosed);
        if (joiners.isEmpty()) {
            return;
        }
        BaseTable<?> table = feed.table();
        if (table.isFailed()) {
            joiners.forEach(j -> j.close(Status.FAILED_PRECONDITION.withDescription("Table is already failed")));
            return;
        }
        BitSet columns = unionOfColumns(joiners);
        RowSet forward = unionOfViewports(joiners, false);
        RowSet reverse = unionOfViewports(joiners, true);
        BarrageMessage snapshot;
        try {
            snapshot = ConstructSnapshot.constructBackplaneSnapshotInPositionSpace(this, table, columns, forward,
                    reverse, new JoinControl(joiners));
        } finally {
            closeQuietly(forward);
            closeQuietly(reverse);
        }
        long now = System.nanoTime();
        List<LiveSubscriber> failed = new ArrayList<>();
        try (BarrageMessageWriter writer = feed.newWriter(snapshot)) {
            RowSet allRows = writer.getMessage().rowsAdded;
            for (LiveSubscriber joiner : joiners) {
                try (RowSet view = joiner.isFullSubscription() ? null
                        : allRows.subSetForPositions(joiner.viewport(), joiner.reverseViewport());
                        RowSet noRows = RowSetFactory.empty()) {
                    joiner.send(feed.schemaView(joiner), now);
                    joiner.send(writer.getSubView(joiner.options(), true, joiner.isFullSubscription(),
                            joiner.viewport(), joiner.reverseViewport(), joiner.isFullSubscription() ? null : noRows,
                            view, joiner.columns()), now);
                } catch (Exception e) {
                    log.warn("writing the first snapshot to {} failed", joiner, e);
                    failed.add(joiner);
                }
            }
        }
        failed.forEach(joiner -> joiner.close(Status.INTERNAL.withDescription(
                "the server failed to write the first snapshot of this subscription")));
    }

    private static BitSet unionOfColumns(List<LiveSubscriber> joiners) {
        BitSet union = new BitSet();
        for (LiveSubscriber joiner : joiners) {
            if (joiner.columns() == null) {
                return null;
            }
            union.or(joiner.columns());
        }
        return union;
    }

    /** @return the union of the joiners' viewports in one direction, or null if none (or a full subscriber) */
    private static RowSet unionOfViewports(List<LiveSubscriber> joiners, boolean reversed) {
        if (joiners.stream().anyMatch(LiveSubscriber::isFullSubscription)) {
            return null;
        }
        RowSetBuilderRandom union = RowSetFactory.builderRandom();
        boolean any = false;
        for (LiveSubscriber joiner : joiners) {
            if (joiner.reverseViewport() == reversed) {
                union.addRowSet(joiner.viewport());
                any = true;
            }
        }
        return any ? union.build() : null;
    }

    private static void closeQuietly(RowSet rows) {
        if (rows != null) {
            rows.close();
        }
    }

    /** Decides which values to read, and registers the joiners at the step the snapshot shows. */
    private final class JoinControl implements ConstructSnapshot.SnapshotControl {
        private final List<LiveSubscriber> joiners;
        private final boolean refreshing;
        private long capturedStep;

        JoinControl(List<LiveSubscriber> joiners) {
            this.joiners = joiners;
            this.refreshing = feed.table().isRefreshing();
        }

        @Override
        public Boolean usePreviousValues(long beforeClockValue) {
            if (!refreshing) {
                return false;
            }
            capturedStep = feed.lastNotifiedStep();
            if (LogicalClock.getState(beforeClockValue) == LogicalClock.State.Idle) {
                return false;
            }
            // during a cycle, current values are this step's only once the listener has seen this step's update
            return LogicalClock.getStep(beforeClockValue) != capturedStep;
        }

        @Override
        public boolean snapshotConsistent(long currentClockValue, boolean usingPreviousValues) {
            return !refreshing || capturedStep == feed.lastNotifiedStep();
        }

        @Override
        public boolean snapshotCompletedConsistently(long afterClockValue, boolean usedPreviousValues) {
            return feed.admit(joiners, capturedStep);
        }

        @Override
        public UpdateGraph getUpdateGraph() {
            return refreshing ? feed.table().getUpdateGraph() : null;
        }
    }
}
