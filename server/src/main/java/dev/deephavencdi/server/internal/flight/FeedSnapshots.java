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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first message of the subscribers that joined a {@link LiveTableFeed}: one snapshot taken for all of them
 * together (the union of their columns and viewports), then per joiner the schema and its view of the snapshot.
 * A function of what it is given: the table, the joiners and the feed's {@link Admission}; it never reaches into
 * the feed otherwise.
 *
 * <p>The snapshot runs the engine's {@code ConstructSnapshot} with a control modelled on the engine's own rule: at
 * an idle clock current values are consistent; during an update cycle they are only if the feed's listener was
 * already notified on this step, otherwise the previous values are. The snapshot is accepted only if no update
 * reached the listener meanwhile, and the joiners are admitted in the same critical section
 * ({@link Admission#admit}), so each later update reaches them exactly once. Under contention the engine falls back
 * to the update graph's shared lock.
 */
final class FeedSnapshots {
    private static final Logger log = LoggerFactory.getLogger(FeedSnapshots.class);

    private FeedSnapshots() {}

    /** How a snapshot joins the feed: the feed's last notified step, and the admission at a step. */
    interface Admission {
        /** @return the update graph step whose update the feed's listener saw last */
        long lastNotifiedStep();

        /**
         * Registers the joiners as of {@code step}, atomically with checking that no update arrived since.
         *
         * @return false if the snapshot must be retried
         */
        boolean admit(List<LiveSubscriber> joiners, long step);
    }

    /**
     * Takes one snapshot for all joiners and admits them at the step it shows.
     *
     * @return the snapshot; the caller hands it to a message writer, which owns it
     */
    static BarrageMessage take(BaseTable<?> table, List<LiveSubscriber> joiners, Admission admission) {
        BitSet columns = unionOfColumns(joiners);
        RowSet forward = unionOfViewports(joiners, false);
        RowSet reverse = unionOfViewports(joiners, true);
        try {
            return ConstructSnapshot.constructBackplaneSnapshotInPositionSpace(table, table, columns, forward,
                    reverse, new JoinControl(table, joiners, admission));
        } finally {
            closeQuietly(forward);
            closeQuietly(reverse);
        }
    }

    /**
     * Writes each joiner its schema and its view of the snapshot; a joiner whose write fails is ended with
     * {@code INTERNAL}. Closes the writer.
     */
    static void send(BarrageMessageWriter writer, List<LiveSubscriber> joiners,
            Function<LiveSubscriber, BarrageMessageWriter.MessageView> schemaViews) {
        long now = System.nanoTime();
        List<LiveSubscriber> failed = new ArrayList<>();
        try (writer) {
            RowSet allRows = writer.getMessage().rowsAdded;
            for (LiveSubscriber joiner : joiners) {
                try (RowSet view = joiner.isFullSubscription() ? null
                        : allRows.subSetForPositions(joiner.viewport(), joiner.reverseViewport());
                        RowSet noRows = RowSetFactory.empty()) {
                    joiner.send(schemaViews.apply(joiner), now);
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

    /** Decides which values to read, and admits the joiners at the step the snapshot shows. */
    private static final class JoinControl implements ConstructSnapshot.SnapshotControl {
        private final BaseTable<?> table;
        private final List<LiveSubscriber> joiners;
        private final Admission admission;
        private final boolean refreshing;
        private long capturedStep;

        JoinControl(BaseTable<?> table, List<LiveSubscriber> joiners, Admission admission) {
            this.table = table;
            this.joiners = joiners;
            this.admission = admission;
            this.refreshing = table.isRefreshing();
        }

        @Override
        public Boolean usePreviousValues(long beforeClockValue) {
            if (!refreshing) {
                return false;
            }
            capturedStep = admission.lastNotifiedStep();
            if (LogicalClock.getState(beforeClockValue) == LogicalClock.State.Idle) {
                return false;
            }
            // during a cycle, current values are this step's only once the listener has seen this step's update
            return LogicalClock.getStep(beforeClockValue) != capturedStep;
        }

        @Override
        public boolean snapshotConsistent(long currentClockValue, boolean usingPreviousValues) {
            return !refreshing || capturedStep == admission.lastNotifiedStep();
        }

        @Override
        public boolean snapshotCompletedConsistently(long afterClockValue, boolean usedPreviousValues) {
            return admission.admit(joiners, capturedStep);
        }

        @Override
        public UpdateGraph getUpdateGraph() {
            return refreshing ? table.getUpdateGraph() : null;
        }
    }
}
