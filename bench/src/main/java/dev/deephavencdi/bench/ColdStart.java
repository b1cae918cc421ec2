package dev.deephavencdi.bench;

import dev.deephavencdi.testing.HeaderTokenAuthorization;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Goal 5: the embedded server as a process, from spawn to its first served request. Each run spawns
 * {@code java -cp <this classpath> dev.deephavencdi.server.EmbeddedDeephavenServerMain --port 0 --anonymous}, waits
 * for the {@code listening on dh+plain://host:PORT} line, then times the first {@code GetConfigurationConstants} with
 * {@code authorization: Anonymous} (which opens a session). Prints every run and min/median/max.
 *
 * <pre>
 * java -cp bench/target/deephaven-cdi-bench.jar dev.deephavencdi.bench.ColdStart 10
 * </pre>
 */
public final class ColdStart {
    static final Pattern LISTENING = Pattern.compile("listening on dh\\+plain://([^:\\s]+):(\\d+)");
    static final String SERVER_MAIN = "dev.deephavencdi.server.EmbeddedDeephavenServerMain";

    private ColdStart() {}

    /** One run's timings, in nanoseconds from spawn. */
    public record Run(long listeningNanos, long firstResponseNanos) {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        warmUpGrpcClient();
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Run run = runOnce(System.getProperty("java.class.path"));
            results.add(run);
            System.out.printf("run %2d: listening after %5d ms, first request answered after %5d ms%n", i + 1,
                    run.listeningNanos() / 1_000_000, run.firstResponseNanos() / 1_000_000);
        }
        System.out.println(summary(results));
        System.exit(0);
    }

    /** Loads the gRPC client classes in this JVM first, so the first run does not pay for them. */
    static void warmUpGrpcClient() throws InterruptedException {
        try (EchoServer echo = EchoServer.start()) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", echo.port()).usePlaintext().build();
            EchoServer.echo(channel, new byte[] {1});
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static String summary(List<Run> runs) {
        List<Long> listening = new ArrayList<>();
        List<Long> first = new ArrayList<>();
        for (Run run : runs) {
            listening.add(run.listeningNanos() / 1_000_000);
            first.add(run.firstResponseNanos() / 1_000_000);
        }
        Collections.sort(listening);
        Collections.sort(first);
        return String.format("cold start, %d runs: spawn to first served request min %d ms, median %d ms, max %d ms"
                + " (spawn to 'listening' min %d ms, median %d ms)", runs.size(), first.get(0),
                first.get(first.size() / 2), first.get(first.size() - 1), listening.get(0),
                listening.get(listening.size() / 2));
    }

    /** Spawns one server process, times it, and stops it. */
    public static Run runOnce(String classpath) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        long start = System.nanoTime();
        Process process = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", classpath,
                SERVER_MAIN, "--port", "0", "--anonymous")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            Matcher listening = awaitListening(out);
            long listeningAt = System.nanoTime();
            Thread drain = new Thread(() -> drain(out), "cold-start-drain");
            drain.setDaemon(true);
            drain.start();
            firstRequest(listening.group(1), Integer.parseInt(listening.group(2)));
            long answeredAt = System.nanoTime();
            return new Run(listeningAt - start, answeredAt - start);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Matcher awaitListening(BufferedReader out) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("the server process ended without listening; its output:\n" + seen);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static void firstRequest(String host, int port) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(HeaderTokenAuthorization.AUTHORIZATION, "Anonymous");
            ConfigServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
