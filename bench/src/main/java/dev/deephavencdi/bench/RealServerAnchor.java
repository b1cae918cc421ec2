package dev.deephavencdi.bench;

import dev.deephavencdi.testing.HeaderTokenAuthorization;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.qst.table.TableSpec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import org.apache.arrow.flight.FlightStream;

/**
 * The real Deephaven server 0.40.7 as the performance anchor of the embedded one: both as processes of their own on
 * this machine, both with the same pre-shared key, both driven by the same official Java client from this JVM.
 * Measures cold start (spawn to the first answered {@code GetConfigurationConstants}), resident memory after start,
 * the publish + fetch round trip, {@code emptyTable(10M).update("X = i", "Y = 2*i")} and a Flight {@code DoGet} of
 * those 10M rows x 2 int. Run it from the project root (the real server comes from the pinned Python environment):
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/deephaven-cdi-bench.jar \
 *     dev.deephavencdi.bench.RealServerAnchor 3
 * </pre>
 *
 * The load average is printed with each figure: other work on the machine moves them.
 */
public final class RealServerAnchor {
    private static final String KEY = "real-server-anchor-key";
    private static final String AUTHENTICATION = RealDeephavenServerProcess.PSK_HANDLER + " " + KEY;
    private static final int ROWS = 10_000_000;

    private RealServerAnchor() {
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        ColdStart.warmUpGrpcClient();

        List<Long> realStarts = new ArrayList<>();
        long realResident = 0;
        for (int i = 0; i < starts; i++) {
            long begin = System.nanoTime();
            try (RealDeephavenServerProcess real = RealDeephavenServerProcess.start(KEY, "4g")) {
                realStarts.add((System.nanoTime() - begin) / 1_000_000);
                realResident = real.residentBytes();
                if (i == starts - 1) {
                    report("real", realStarts, realResident, real.target());
                }
            }
        }

        List<Long> embeddedStarts = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            try (EmbeddedProcess embedded = EmbeddedProcess.start()) {
                embeddedStarts.add(embedded.startMillis);
                if (i == starts - 1) {
                    report("embedded", embeddedStarts, embedded.residentBytes(), embedded.target());
                }
            }
        }
        System.exit(0);
    }

    private static void report(String kind, List<Long> startMillis, long residentBytes, String target)
            throws Exception {
        Collections.sort(startMillis);
        System.out.printf("%-8s cold start to first answered request: median %d ms (min %d, max %d, %d runs) [load %s]%n",
                kind, startMillis.get(startMillis.size() / 2), startMillis.get(0),
                startMillis.get(startMillis.size() - 1), startMillis.size(), load());
        System.out.printf("%-8s resident memory after start: %d MiB [load %s]%n", kind, residentBytes >> 20, load());
        try (OfficialClient client = new OfficialClient(target)) {
            Session publisher = client.newSession(AUTHENTICATION);
            Session fetcher = client.newSession(AUTHENTICATION);
            TableHandle source = publisher.execute(TableSpec.empty(10).update("X = i"));
            LongSupplier roundTrip = () -> {
                try {
                    SharedId id = SharedId.newRandom();
                    long begin = System.nanoTime();
                    publisher.publish(id, source).get();
                    TableHandle fetched = fetcher.execute(id.ticketId().table());
                    long elapsed = System.nanoTime() - begin;
                    fetched.close();
                    return elapsed;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            median(roundTrip, 300);
            System.out.printf("%-8s publish + fetch round trip (official client): median %d us [load %s]%n", kind,
                    median(roundTrip, 1000) / 1000, load());

            LongSupplier update = () -> {
                try {
                    long begin = System.nanoTime();
                    TableHandle table = publisher.execute(TableSpec.empty(ROWS).update("X = i", "Y = 2*i"));
                    long elapsed = System.nanoTime() - begin;
                    table.close();
                    return elapsed;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            median(update, 3);
            System.out.printf("%-8s emptyTable(10M).update(X = i, Y = 2*i): median %d ms [load %s]%n", kind,
                    median(update, 7) / 1_000_000, load());

            TableHandle big = publisher.execute(TableSpec.empty(ROWS).update("X = i", "Y = 2*i"));
            LongSupplier doGet = () -> {
                long begin = System.nanoTime();
                long rows = 0;
                try (FlightStream stream = client.flight(publisher).stream(big)) {
                    while (stream.next()) {
                        rows += stream.getRoot().getRowCount();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (rows != ROWS) {
                    throw new IllegalStateException("DoGet read " + rows + " rows");
                }
                return System.nanoTime() - begin;
            };
            median(doGet, 3);
            long doGetNanos = median(doGet, 7);
            System.out.printf("%-8s DoGet of 10M rows x 2 int: median %d ms = %d MB/s [load %s]%n", kind,
                    doGetNanos / 1_000_000, (long) (ROWS * 8L / (doGetNanos / 1e9) / 1e6), load());
        }
    }

    private static long median(LongSupplier measurement, int runs) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            values.add(measurement.getAsLong());
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static String load() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The embedded server as its own process ({@code EmbeddedDeephavenServerMain}), like the real one. */
    private static final class EmbeddedProcess implements AutoCloseable {
        private final Process process;
        private final String target;
        private final long startMillis;

        private EmbeddedProcess(Process process, String target, long startMillis) {
            this.process = process;
            this.target = target;
            this.startMillis = startMillis;
        }

        static EmbeddedProcess start() throws IOException, InterruptedException {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            long begin = System.nanoTime();
            Process process = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g",
                    "-cp", System.getProperty("java.class.path"), ColdStart.SERVER_MAIN, "--port", "0",
                    "--psk", KEY)
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher listening = ColdStart.LISTENING.matcher(line);
                if (listening.find()) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // discard
                            }
                        } catch (IOException ended) {
                            // the process ended
                        }
                    }, "embedded-drain");
                    drain.setDaemon(true);
                    drain.start();
                    String target = "dh+plain://" + listening.group(1) + ":" + listening.group(2);
                    firstRequest(listening.group(1), Integer.parseInt(listening.group(2)));
                    return new EmbeddedProcess(process, target, (System.nanoTime() - begin) / 1_000_000);
                }
            }
            throw new IllegalStateException("the embedded server process ended without listening");
        }

        /** As the real server's start waits: one GetConfigurationConstants with the key (which logs in). */
        private static void firstRequest(String host, int port) throws InterruptedException {
            ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
            try {
                ConfigServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(new HeaderTokenAuthorization(AUTHENTICATION))
                        .withDeadlineAfter(60, TimeUnit.SECONDS)
                        .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }

        String target() {
            return target;
        }

        long residentBytes() throws IOException {
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return -1;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
