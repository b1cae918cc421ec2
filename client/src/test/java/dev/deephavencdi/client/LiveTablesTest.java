package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Table#subscribe}, {@link Table#updates()} and {@link Table#snapshot()} against the embedded server. */
class LiveTablesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final ServerUnderTest server = ServerUnderTest.embeddedUnlessOnRealServer(EmbeddedServerExtension.create()
            .configure(builder -> builder.updateCycle(Duration.ofMillis(100)))
            .checkNothingHeldAfterEach(WAIT));

    @Test
    void subscriberGetsTheSnapshotFirstThenEveryTickAndReadsTheCurrentRows() {
        try (Session session = TestSessions.connect(server)) {
            Table ticking = session.timeTable(Duration.ofMillis(100)).update("X = ii");
            Recorder recorder = new Recorder();
            try (TableSubscription subscription = ticking.subscribe(recorder)) {
                Poll.until(WAIT, () -> recorder.updates.size() >= 4, () -> "updates: " + recorder.updates);

                TableUpdate first = recorder.updates.get(0);
                assertThat(first.initial()).isTrue();
                assertThat(first.added()).isEqualTo(first.size());
                for (TableUpdate tick : recorder.updates.subList(1, recorder.updates.size())) {
                    assertThat(tick.initial()).isFalse();
                    assertThat(tick.added()).isPositive();
                    assertThat(tick.removed()).isZero();
                }
                List<Map<String, Object>> rows = subscription.rows(Long.MAX_VALUE);
                for (int i = 0; i < rows.size(); i++) {
                    assertThat(rows.get(i).get("X")).isEqualTo((long) i);
                }
                assertThat(subscription.schema().columnNames()).containsExactly("Timestamp", "X");
                if (server.isEmbedded()) {
                    assertThat(server.stats().subscriptions()).isEqualTo(1);
                }
            }
            assertThat(recorder.error).isNull();
            awaitNoSubscriptionOnTheEmbeddedServer();
        }
    }

    @Test
    void aListenerIsHandedItsSubscriptionFirstAndReadsTheSnapshotRowsInItsFirstUpdate() {
        try (Session session = TestSessions.connect(server)) {
            Table table = session.emptyTable(3).update("X = i");
            CompletableFuture<TableSubscription> handed = new CompletableFuture<>();
            CompletableFuture<List<Map<String, Object>>> firstRows = new CompletableFuture<>();
            TableListener listener = new TableListener() {
                private TableSubscription subscription;

                @Override
                public void onSubscribe(TableSubscription subscription) {
                    this.subscription = subscription;
                    handed.complete(subscription);
                }

                @Override
                public void onUpdate(TableUpdate update) {
                    // before the fix the snapshot could arrive before subscribe() returned: no subscription yet
                    firstRows.complete(subscription == null ? null : subscription.rows(10));
                }
            };
            try (TableSubscription subscription = table.subscribe(listener)) {
                assertThat(handed).succeedsWithin(WAIT).isSameAs(subscription);
                assertThat(firstRows).succeedsWithin(WAIT).isNotNull()
                        .extracting(rows -> rows.stream().map(row -> row.get("X")).toList())
                        .isEqualTo(List.of(0, 1, 2));
            }
        }
    }

    @Test
    void aSlowListenerGetsMergedUpdatesWhoseCountsStillAddUp() {
        try (Session session = TestSessions.connect(server)) {
            Table ticking = session.timeTable(Duration.ofMillis(20)).update("X = ii");
            Recorder slow = new Recorder(Duration.ofMillis(300));
            try (TableSubscription ignored = ticking.subscribe(slow)) {
                Poll.until(WAIT, () -> slow.updates.stream().anyMatch(u -> u.merged() > 1),
                        () -> "updates: " + slow.updates);
            }
            List<TableUpdate> updates = List.copyOf(slow.updates);
            long added = updates.stream().mapToLong(TableUpdate::added).sum();
            assertThat(added).isEqualTo(updates.get(updates.size() - 1).size()); // an append-only table: exact
        }
    }

    @Test
    void aFetchedTableKeepsTickingAfterThePublisherClosesButEndsWithItsOwnSession() {
        Session publisher = TestSessions.connect(server);
        Session subscriber = TestSessions.connect(server);
        try (publisher) {
            Table source = publisher.timeTable(Duration.ofMillis(100)).update("X = ii");
            SharedTicket ticket = SharedTicket.random();
            publisher.publishTable(ticket, source);
            Table fetched = subscriber.fetchTable(ticket);
            assertThat(fetched.isStatic()).isFalse();

            Recorder recorder = new Recorder();
            TableSubscription subscription = fetched.subscribe(recorder);
            publisher.close();
            int before = recorder.updates.size();
            Poll.until(WAIT, () -> recorder.updates.size() >= before + 3, () -> "no updates after publisher closed");

            subscriber.close();
            Poll.until(WAIT, () -> recorder.completed, () -> "no onComplete after the session closed");
            assertThat(subscription.isClosed()).isTrue();
            assertThat(recorder.error).isNull();
            assertThatThrownBy(() -> subscription.rows(1)).isInstanceOf(IllegalStateException.class);
        } finally {
            subscriber.close();
        }
    }

    @Test
    void snapshotsReadTheSameRowsAsDoGetAndOnlyTheRowsAskedFor() {
        try (Session session = TestSessions.connect(server)) {
            Table table = session.emptyTable(200).update("X = i", "S = `s` + i", "N = i % 2 == 0 ? NULL_LONG : (long) i");

            TableSnapshot all = table.snapshot();
            assertThat(all.rows()).isEqualTo(table.readRows(1000));
            assertThat(all.schema().columnNames()).containsExactly("X", "S", "N");
            assertThat(all.rows().get(0).get("N")).isNull();

            TableSnapshot head = table.snapshot(3);
            assertThat(head.rows()).extracting(row -> row.get("X")).containsExactly(0, 1, 2);
            assertThat(table.snapshot(0).rows()).isEmpty();

            Table ticking = session.timeTable(Duration.ofMillis(100)).update("X = ii");
            TableSnapshot moment = ticking.snapshot();
            for (int i = 0; i < moment.size(); i++) {
                assertThat(moment.rows().get(i).get("X")).isEqualTo((long) i);
            }
        }
    }

    @Test
    void publisherDeliversOnDemandMergesWhileThereIsNoneAndStopsOnCancel() throws Exception {
        try (Session session = TestSessions.connect(server)) {
            Table ticking = session.timeTable(Duration.ofMillis(50)).update("X = ii");
            FlowRecorder subscriber = new FlowRecorder();
            ticking.updates().subscribe(subscriber);
            Flow.Subscription subscription = subscriber.subscription.get(10, TimeUnit.SECONDS);

            subscription.request(1);
            Poll.until(WAIT, () -> subscriber.updates.size() == 1, () -> "no initial update");
            assertThat(subscriber.updates.get(0).initial()).isTrue();
            long sizeThen = subscriber.updates.get(0).size();
            // ~10 server ticks: the client's copy refreshes once per message it receives, but may take several
            // messages in one refresh, so a shorter wait can leave a single client tick to merge
            Poll.until(WAIT, () -> ticking.snapshot().size() >= sizeThen + 20, () -> "the table does not tick");
            assertThat(subscriber.updates).hasSize(1); // no demand, no delivery

            subscription.request(1);
            Poll.until(WAIT, () -> subscriber.updates.size() == 2, () -> "no second update");
            TableUpdate merged = subscriber.updates.get(1);
            assertThat(merged.merged()).isGreaterThan(1);
            assertThat(merged.added()).isEqualTo(merged.size() - sizeThen);

            subscription.cancel();
            awaitNoSubscriptionOnTheEmbeddedServer();
            assertThat(subscriber.error).isNull();
        }
    }

    @Test
    void publisherReportsSubscribeFailuresAndInvalidDemandAsErrors() throws Exception {
        try (Session session = TestSessions.connect(server)) {
            Table table = session.emptyTable(1).update("X = i");
            Flow.Publisher<TableUpdate> updates = table.updates();

            FlowRecorder invalid = new FlowRecorder();
            updates.subscribe(invalid);
            invalid.subscription.get(10, TimeUnit.SECONDS).request(0);
            Poll.until(WAIT, () -> invalid.error != null, () -> "no error for request(0)");
            assertThat(invalid.error.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

            table.close();
            FlowRecorder late = new FlowRecorder();
            updates.subscribe(late);
            Poll.until(WAIT, () -> late.error != null, () -> "no error for a released table");
            assertThat(late.error).isInstanceOf(TableReleasedException.class);
            assertThatThrownBy(() -> table.subscribe(update -> { })).isInstanceOf(TableReleasedException.class);
        }
    }

    /** Only the embedded server shows its subscriptions. */
    private static void awaitNoSubscriptionOnTheEmbeddedServer() {
        if (server.isEmbedded()) {
            Poll.until(WAIT, () -> server.stats().subscriptions() == 0, () -> "still " + server.stats());
        }
    }

    /** Records a listener's calls; optionally slow. */
    private static final class Recorder implements TableListener {
        final List<TableUpdate> updates = new CopyOnWriteArrayList<>();
        private final Duration delay;
        volatile DeephavenException error;
        volatile boolean completed;

        Recorder() {
            this(Duration.ZERO);
        }

        Recorder(Duration delay) {
            this.delay = delay;
        }

        @Override
        public void onUpdate(TableUpdate update) {
            updates.add(update);
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onError(DeephavenException e) {
            error = e;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    /** Records a Flow subscriber's signals; requests nothing by itself. */
    private static final class FlowRecorder implements Flow.Subscriber<TableUpdate> {
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        final List<TableUpdate> updates = new CopyOnWriteArrayList<>();
        volatile DeephavenException error;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
        }

        @Override
        public void onNext(TableUpdate item) {
            updates.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error = (DeephavenException) throwable;
        }

        @Override
        public void onComplete() {}
    }
}
