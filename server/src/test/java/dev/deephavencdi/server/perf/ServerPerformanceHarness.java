package dev.deephavencdi.server.perf;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.util.TableTools;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.uri.DeephavenTarget;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simple harness for the embedded server's two headline figures (the JMH module reproduces them with more
 * rigour): cold start of a server process to its first served request, and {@code emptyTable(10M).update(...)}
 * through the server against the same engine call in-process.
 *
 * <pre>
 * ./mvnw -B -q -pl server -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.deephavencdi.server.perf.ServerPerformanceHarness
 * </pre>
 */
public final class ServerPerformanceHarness {
    private static final Pattern LISTENING = Pattern.compile("listening on dh\\+plain://[^:]+:(\\d+)");

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

    /** Spawns the standalone main and times spawn → first answered GetConfigurationConstants. */
    private static void coldStart(int runs) throws Exception {
        List<Long> millis = new ArrayList<>();
        String java = Path.javaBinary();
        String classpath = projectClasspath();
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(java, "-cp", classpath,
                    "dev.deephavencdi.server.EmbeddedDeephavenServerMain", "--port", "0")
                    .redirectErrorStream(true).start();
            try {
                int port = awaitPort(process);
                firstRequest(port);
                millis.add((System.nanoTime() - start) / 1_000_000);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Collections.sort(millis);
        System.out.printf("cold start to first served request: runs=%d min=%d ms median=%d ms max=%d ms%n",
                runs, millis.get(0), millis.get(millis.size() / 2), millis.get(millis.size() - 1));
    }

    private static int awaitPort(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("server process ended without listening");
    }

    private static void firstRequest(int port) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Anonymous");
            ConfigServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
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

    private static final class Path {
        static String javaBinary() {
            return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        }
    }
}
