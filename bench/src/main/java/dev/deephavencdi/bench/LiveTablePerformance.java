package dev.deephavencdi.bench;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.testing.LiveView;
import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.SessionImpl;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.engine.table.ColumnSource;
import io.deephaven.qst.table.TimeTable;
import io.deephaven.uri.DeephavenTarget;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.RootAllocator;

/**
 * Figures for live tables, measured with the official Barrage client in the same JVM as the server, against a
 * published time table:
 *
 * <ol>
 *   <li><b>latency</b>: from the engine tick that creates a row (its {@code TickNanos = System.nanoTime()} column,
 *       computed on the server's update graph) to the client-side listener callback that sees it, at about 1,000
 *       rows/s; median and p99 per update, against the update cycle;</li>
 *   <li><b>throughput</b>: one subscription to a table growing by 100,000 rows/s: rows/s received and how far the
 *       client lags behind the server.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx2g -cp bench/target/deephaven-cdi-bench.jar \
 *     dev.deephavencdi.bench.LiveTablePerformance 100 10
 * </pre>
 * Arguments: update cycle in ms (default 100), seconds per measurement (default 10). A latency distribution of
 * asynchronous callbacks is measured directly rather than with JMH, which times calls it makes itself.
 */
public final class LiveTablePerformance {
    public static void main(String[] args) {
        long cycleMillis = args.length > 0 ? Long.parseLong(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try {
            run(cycleMillis, seconds);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // the engine's update graph threads do not end by themselves
    }

    /** Both measurements, printed to standard output. */
    static void run(long cycleMillis, int seconds) throws Exception {
        try (EmbeddedDeephavenServer server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess()
                .updateCycle(Duration.ofMillis(cycleMillis))
                .allowFormulaMethods("java.lang.System#nanoTime").start()) {
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
            SessionFactoryConfig.Factory factory = SessionFactoryConfig.builder()
                    .clientConfig(ClientConfig.builder().target(DeephavenTarget.of(URI.create(server.target())))
                            .maxInboundMessageSize(256 * 1024 * 1024).build())
                    .scheduler(scheduler).build().factory();
            try (RootAllocator allocator = new RootAllocator();
                    Session session = factory.newSession();
                    BarrageSession barrage = BarrageSession.of((SessionImpl) session, allocator,
                            factory.managedChannel())) {
                latency(session, barrage, cycleMillis, seconds);
                throughput(session, barrage, seconds);
            } finally {
                factory.managedChannel().shutdownNow();
                scheduler.shutdownNow();
            }
        }
    }

    private static void latency(Session session, BarrageSession barrage, long cycleMillis, int seconds)
            throws Exception {
        TableHandle source = session.execute(TimeTable.of(Duration.ofMillis(1))
                .update("X = ii", "TickNanos = java.lang.System.nanoTime()"));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong rows = new AtomicLong();
        try (LiveView ignored = LiveView.of(barrage, source, (table, update) -> {
            long now = System.nanoTime();
            if (update.added().isEmpty()) {
                return;
            }
            ColumnSource<Long> tick = table.getColumnSource("TickNanos", long.class);
            // the update's oldest row: the longest wait of any row in it
            latencies.add(now - tick.getLong(update.added().firstRowKey()));
            rows.addAndGet(update.added().size());
        })) {
            Thread.sleep(2000); // warm-up
            latencies.clear();
            rows.set(0);
            Thread.sleep(seconds * 1000L);
            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            Collections.sort(sorted);
            System.out.printf("latency tick->client callback (cycle %d ms, ~1000 rows/s, %d s): updates=%d"
                    + " (%.1f/s), rows=%d (%.0f/s), median=%.1f ms, p99=%.1f ms, max=%.1f ms;"
                    + " p99 %s 2 cycles%n", cycleMillis, seconds, sorted.size(), sorted.size() / (double) seconds,
                    rows.get(), rows.get() / (double) seconds, percentile(sorted, 50), percentile(sorted, 99),
                    percentile(sorted, 100), percentile(sorted, 99) < 2 * cycleMillis ? "under" : "NOT under");
        } finally {
            source.close();
        }
    }

    private static void throughput(Session session, BarrageSession barrage, int seconds) throws Exception {
        long periodNanos = 10_000; // 100,000 rows/s
        TableHandle source = session.execute(TimeTable.of(Duration.ofNanos(periodNanos))
                .update("X = ii", "Y = X * 2.0"));
        AtomicLong received = new AtomicLong();
        try (LiveView subscribed = LiveView.of(barrage, source, (table, update) -> received.set(table.size()))) {
            Thread.sleep(1000); // warm-up
            Instant firstRow = subscribed.read(table -> table.getColumnSource("Timestamp", Instant.class)
                    .get(table.getRowSet().firstRowKey()));
            long startRows = received.get();
            long start = System.nanoTime();
            long maxLag = 0;
            long lagSum = 0;
            int samples = 0;
            for (int i = 0; i < seconds * 10; i++) {
                Thread.sleep(100);
                // the rows a 10 us time table has due by now (it adds them once per update cycle)
                long due = Duration.between(firstRow, Instant.now()).toNanos() / periodNanos + 1;
                long lag = Math.max(0, due - received.get());
                maxLag = Math.max(maxLag, lag);
                lagSum += lag;
                samples++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long meanLag = lagSum / samples;
            System.out.printf("throughput, one subscription to a table growing 100,000 rows/s (%d s): received"
                    + " %.0f rows/s, client copy %d rows, behind the rows due by wall clock: mean %d rows"
                    + " (%.0f ms), max %d rows (%.0f ms)%n", seconds, (received.get() - startRows) / elapsed,
                    received.get(), meanLag, meanLag * periodNanos / 1e6, maxLag, maxLag * periodNanos / 1e6);
        } finally {
            source.close();
        }
    }

    private static double percentile(List<Long> sortedNanos, int percentile) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = Math.min(sortedNanos.size() - 1, (int) Math.ceil(percentile / 100.0 * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }
}
