package dev.deephavencdi.bench;

import dev.deephavencdi.client.DeephavenClient;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.TableListener;
import dev.deephavencdi.client.TableSubscription;
import dev.deephavencdi.client.TableUpdate;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Live tables: how long a change takes to reach a subscriber in another session, as a latency distribution
 * (JMH {@code SampleTime}: median, p99, ...).
 *
 * <p>One session publishes {@code timeTable(cycle).update("Seq = LiveTrigger.current()").tail(1)} to a shared
 * ticket; a second session fetches it and subscribes through our client API. Each invocation moves
 * {@link LiveTrigger} on and waits until the subscriber's callback sees a row carrying the new value. The time
 * table ticks once per update cycle, so at a 1 ms cycle the table updates up to 1,000 times a second. Before
 * each invocation (untimed) the benchmark pauses for a random part of a cycle, so that changes land at random
 * points between ticks rather than in step with them. An invocation is then the wait for the next tick (on
 * average half a cycle, at most one) plus tick &rarr; callback: it bounds tick &rarr; callback from above, and the
 * goal is p99 under two cycles. {@link LiveTablePerformance} measures tick &rarr; callback alone, from a
 * timestamp taken on the tick.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Benchmark)
public class LiveUpdateBenchmark {
    static final String FORMULA = "Seq = " + LiveTrigger.class.getName() + ".current()";
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The server's update cycle, also the time table's period. */
    @Param({"1", "10"})
    public int cycleMillis;

    EmbeddedDeephavenServer server;
    private DeephavenClient client;
    private Session publisher;
    private Session subscriber;
    // held: a Table that becomes unreachable is released, and its shared ticket with it
    private Table published;
    private Table fetched;
    private TableSubscription subscription;
    private final NewestSeq newest = new NewestSeq();

    @Setup
    public void start() {
        Duration cycle = Duration.ofMillis(cycleMillis);
        server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess().updateCycle(cycle)
                .sessionDuration(Duration.ofHours(1))
                .allowFormulaClasses(LiveTrigger.class.getName())
                .start();
        client = DeephavenClient.builder().target(server.target()).build();
        publisher = client.newSession();
        subscriber = client.newSession();
        SharedTicket ticket = SharedTicket.random();
        try (Table ticking = publisher.timeTable(cycle).update(FORMULA)) {
            published = ticking.tail(1); // stays live after its parent is released
        }
        publisher.publishTable(ticket, published);
        fetched = subscriber.fetchTable(ticket);
        subscription = fetched.subscribe(newest);
    }

    @TearDown
    public void stop() {
        closeClients();
        server.close();
    }

    void closeClients() {
        subscription.close();
        fetched.close();
        published.close();
        subscriber.close();
        publisher.close();
        client.close();
    }

    /** Untimed: puts the next change at a random point of the update cycle. */
    @Setup(Level.Invocation)
    public void randomPhase() {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(cycleMillis)));
    }

    /** @return the value the subscriber saw */
    @Benchmark
    public long changeToSubscriberCallback() throws InterruptedException, TimeoutException {
        return newest.awaitAtLeast(LiveTrigger.advance());
    }

    /** Keeps the newest {@code Seq} the subscriber has seen, and wakes the benchmark thread waiting for it. */
    static final class NewestSeq implements TableListener {
        private TableSubscription subscription; // set before the first update, read on the delivery thread
        private long seen = -1; // guarded by this

        @Override
        public void onSubscribe(TableSubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onUpdate(TableUpdate update) {
            List<Map<String, Object>> rows = subscription.rows(1);
            if (rows.isEmpty()) {
                return;
            }
            long seq = (Long) rows.get(0).get("Seq");
            synchronized (this) {
                if (seq > seen) {
                    seen = seq;
                    notifyAll();
                }
            }
        }

        synchronized long awaitAtLeast(long target) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (seen < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("the subscriber saw Seq " + seen + ", not " + target
                            + ", within 10 s: is the table ticking?");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return seen;
        }
    }
}
