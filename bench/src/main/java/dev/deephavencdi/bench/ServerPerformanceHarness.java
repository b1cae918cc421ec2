package dev.deephavencdi.bench;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.util.TableTools;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.uri.DeephavenTarget;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A quick, JMH-free look at the embedded server's two headline figures ({@link ColdStart} and
 * {@link UpdateBenchmark} measure them with more rigour): cold start of a server process to its first served
 * request, and {@code emptyTable(10M).update(...)} through the official client against the same engine call
 * in-process, interleaved so that drift on a noisy machine hits both alike. Moved here from the server's tests.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/deephaven-cdi-bench.jar \
 *     dev.deephavencdi.bench.ServerPerformanceHarness [coldRuns=5] [updateRuns=10]
 * </pre>
 */
public final class ServerPerformanceHarness {
    public static void main(String[] args) throws Exception {
        int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int updateRuns = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try {
            coldStart(coldRuns);
            updateTenMillionRows(updateRuns);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // exec:java would otherwise wait for the client's non-daemon threads
    }

    /** Spawns the standalone main and times spawn to the first answered GetConfigurationConstants. */
    private static void coldStart(int runs) throws Exception {
        ColdStart.warmUpGrpcClient();
        List<ColdStart.Run> results = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            results.add(ColdStart.runOnce(projectClasspath()));
        }
        System.out.println(ColdStart.summary(results));
    }

    /** Interleaves in-process and through-server runs so drift on a noisy machine hits both alike. */
    private static void updateTenMillionRows(int runs) throws Exception {
        long rows = 10_000_000;
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        File cache = Files.createTempDirectory("dh-perf-cache").toFile();
        try (EmbeddedDeephavenServer server = EmbeddedDeephavenServer.builder().port(0).start();
                DeephavenEngine engine = DeephavenEngine.start(cache.toPath(), Duration.ofSeconds(1))) {
            var factory = SessionFactoryConfig.builder()
                    .clientConfig(ClientConfig.builder().target(DeephavenTarget.of(URI.create(server.target()))).build())
                    .scheduler(scheduler).build().factory();
            try (Session session = factory.newSession()) {
                List<Long> local = new ArrayList<>();
                List<Long> remote = new ArrayList<>();
                List<Long> roundTrips = new ArrayList<>();
                for (int run = -3; run < runs; run++) { // three warm-up rounds compile the formulas and JIT the paths
                    long t0 = System.nanoTime();
                    Table table = engine.compute(() -> TableTools.emptyTable(rows).update("X = i", "Y = 2*i"));
                    long t1 = System.nanoTime();
                    try (TableHandle handle = session.execute(TableSpec.empty(rows).update("X = i", "Y = 2*i"))) {
                        long t2 = System.nanoTime();
                        session.getConfigurationConstants().get();
                        long t3 = System.nanoTime();
                        if (run >= 0) {
                            local.add(t1 - t0);
                            remote.add(t2 - t1);
                            roundTrips.add(t3 - t2);
                        }
                        if (handle.response().getSize() != rows || table.size() != rows) {
                            throw new IllegalStateException("wrong size");
                        }
                    }
                }
                double localMs = median(local) / 1e6;
                double remoteMs = median(remote) / 1e6;
                double rttMs = median(roundTrips) / 1e6;
                System.out.printf("emptyTable(10M).update(X = i, Y = 2*i): in-process median %.1f ms, through server"
                        + " median %.1f ms, round trip %.2f ms; ratio %.3f (server / (in-process + round trip))%n",
                        localMs, remoteMs, rttMs, remoteMs / (localMs + rttMs));
            }
            factory.managedChannel().shutdownNow();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** exec:java runs us in a URLClassLoader over the project classpath; a plain {@code java -cp} run does not. */
    private static String projectClasspath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    entries.add(new File(url.toURI()).getPath());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
