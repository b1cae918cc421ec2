package dev.deephavencdi.bench;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.cdi.impl.DeephavenSessions;
import dev.deephavencdi.cdi.impl.PublishedInterceptor;
import dev.deephavencdi.cdi.impl.PublishedTicketsRegistry;
import dev.deephavencdi.cdi.impl.SessionDirectory;
import dev.deephavencdi.cdi.impl.SessionProducers;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Goal 4: what {@code @Published} costs beyond the publish call itself, in a real Weld SE container with the
 * library's beans, the embedded server and a real published table.
 *
 * <p>{@code intercepted} calls a {@code @Published} method whose table is already published under its name: the
 * interceptor reads the binding, proceeds, and the registry recognises the table (no network call). {@code plain}
 * calls the same method body on an identical bean without the annotation. Both go through an application-scoped
 * client proxy, so the difference is the interceptor and registry bookkeeping. Goal: at most 2 µs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Benchmark)
public class PublishedInterceptorBenchmark {

    /** Builds the table once, on the injected session; both beans below return it. */
    @ApplicationScoped
    public static class TableHolder {
        @Inject
        Session session;

        private Table table;

        public synchronized Table table() {
            if (table == null) {
                table = session.emptyTable(10).update("X = i");
            }
            return table;
        }
    }

    /** Published under "bench" by the interceptor. */
    @ApplicationScoped
    public static class PublishingTables {
        @Inject
        TableHolder holder;

        @Published("bench")
        public Table table() {
            return holder.table();
        }
    }

    /** The same method without {@code @Published}: the anchor. */
    @ApplicationScoped
    public static class PlainTables {
        @Inject
        TableHolder holder;

        public Table table() {
            return holder.table();
        }
    }

    private WeldContainer container;
    private PublishingTables publishing;
    private PlainTables plain;

    @Setup
    public void start() {
        container = new Weld().disableDiscovery()
                .addBeanClasses(DeephavenSessions.class, SessionDirectory.class, PublishedTicketsRegistry.class,
                        SessionProducers.class, PublishedInterceptor.class, TableHolder.class, PublishingTables.class,
                        PlainTables.class)
                .initialize();
        publishing = container.select(PublishingTables.class).get();
        plain = container.select(PlainTables.class).get();
        publishing.table(); // publishes once; later calls find the table already published
    }

    @TearDown
    public void stop() {
        container.close();
    }

    @Benchmark
    public Table intercepted() {
        return publishing.table();
    }

    @Benchmark
    public Table plain() {
        return plain.table();
    }
}
