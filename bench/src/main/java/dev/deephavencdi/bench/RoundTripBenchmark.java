package dev.deephavencdi.bench;

import dev.deephavencdi.client.DeephavenClient;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExportRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Goal 1: sharing a table between two sessions (publish an existing export to a fresh shared ticket, fetch it from
 * a second session, release both) against its anchor, two bare gRPC unary echo calls on the same transport.
 *
 * <ul>
 *   <li>{@code anchorEchoTwice}: two sequential unary echoes of a publish-request-sized payload;</li>
 *   <li>{@code rawPublishFetch}: {@code PublishFromTicket} then {@code ExportFromTicket} from the other session,
 *       over the generated stubs (the two round trips that make the table visible); releases are untimed;</li>
 *   <li>{@code rawPublishFetchRelease}: the same plus both {@code Release}s, sent together and awaited;</li>
 *   <li>{@code clientPublishFetch} / {@code clientPublishFetchRelease}: the same through our client API
 *       ({@code publishTable}, {@code fetchTable}, {@code Table.close()}), which the official client sends as
 *       {@code PublishFromTicket}, a {@code Batch} with one {@code fetch_table}, and asynchronous releases.</li>
 * </ul>
 * The publisher's source export is made fresh before each invocation (untimed), so every published ticket can
 * die with its source and the server holds nothing between invocations; that setup (one more round trip, and two
 * releases) is in {@code cpu.time/op} of {@link CpuTimeProfiler} but not in the score.
 *
 * <p>The warmup is long (80 s): the fork loads the engine, the server and the official client, and after 15 s its
 * JIT still compiles about a second per second (after 50 s on a loaded machine, still 2-5 ms of compiler time per
 * client publish + fetch); on a 2-core machine that takes the cores the calls wait for (5-10 ms per client
 * publish + fetch instead of ~0.6 ms warm) and is most of the CPU per operation. {@link CpuTimeProfiler}'s
 * {@code jit.time/op} shows whether an iteration was warm.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20, time = 4)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
public class RoundTripBenchmark {

    /** The embedded server, the echo server and one channel to each. */
    @State(Scope.Benchmark)
    public static class Servers {
        EmbeddedDeephavenServer server;
        EchoServer echo;
        EchoServer directEcho;
        ManagedChannel serverChannel;
        ManagedChannel echoChannel;
        ManagedChannel directEchoChannel;
        byte[] echoPayload;

        @Setup(Level.Trial)
        public void start() {
            server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess()
                    .sessionDuration(Duration.ofHours(1)).start();
            echo = EchoServer.start();
            directEcho = EchoServer.start(true);
            serverChannel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            echoChannel = ManagedChannelBuilder.forAddress("127.0.0.1", echo.port()).usePlaintext().build();
            directEchoChannel = ManagedChannelBuilder.forAddress("127.0.0.1", directEcho.port()).usePlaintext()
                    .build();
            // as large as a PublishRequest, so both sides move the same bytes
            echoPayload = PublishRequest.newBuilder()
                    .setSourceId(new dev.deephavencdi.proto.ExportTicket(12345).toProto())
                    .setResultId(SharedTicket.random().toProto())
                    .build().toByteArray();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            serverChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            echoChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            directEchoChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            echo.close();
            directEcho.close();
            server.close();
        }
    }

    /** Two raw sessions; before each invocation the publisher gets a fresh export of its base table. */
    @State(Scope.Thread)
    public static class RawPair {
        RawSession publisher;
        RawSession fetcher;
        Ticket base;
        Ticket source;
        Ticket fetched;
        SharedTicket shared;
        boolean releasedByBenchmark;

        @Setup(Level.Trial)
        public void login(Servers servers) {
            publisher = RawSession.login(servers.serverChannel);
            fetcher = RawSession.login(servers.serverChannel);
            base = publisher.nextExport();
            publisher.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(base).setSize(10).build());
        }

        @Setup(Level.Invocation)
        public void freshSource() {
            source = publisher.nextExport();
            publisher.sessions().exportFromTicket(ExportRequest.newBuilder().setSourceId(base).setResultId(source)
                    .build());
            fetched = fetcher.nextExport();
            shared = SharedTicket.random();
            releasedByBenchmark = false;
        }

        @TearDown(Level.Invocation)
        public void releaseLeftovers() {
            if (!releasedByBenchmark) {
                CompletableFuture.allOf(fetcher.releaseAsync(fetched), publisher.releaseAsync(source)).join();
            }
        }

        @TearDown(Level.Trial)
        public void logout() {
            publisher.close();
            fetcher.close();
        }
    }

    /** Two sessions of our client API over one connection; a fresh table to publish before each invocation. */
    @State(Scope.Thread)
    public static class ClientPair {
        DeephavenClient client;
        Session publisher;
        Session fetcher;
        Table source;
        Table fetched;
        SharedTicket shared;

        @Setup(Level.Trial)
        public void connect(Servers servers) {
            client = DeephavenClient.builder().target(servers.server.target()).build();
            publisher = client.newSession();
            fetcher = client.newSession();
        }

        @Setup(Level.Invocation)
        public void freshSource() {
            source = publisher.emptyTable(10);
            shared = SharedTicket.random();
            fetched = null;
        }

        @TearDown(Level.Invocation)
        public void releaseLeftovers() {
            if (fetched != null) {
                fetched.close();
            }
            source.close();
        }

        @TearDown(Level.Trial)
        public void disconnect() {
            client.close();
        }
    }

    @Benchmark
    public byte[] anchorEchoTwice(Servers servers) {
        EchoServer.echo(servers.echoChannel, servers.echoPayload);
        return EchoServer.echo(servers.echoChannel, servers.echoPayload);
    }

    /**
     * The echo anchor with the server's calls on the event loop: checks the anchor is at its best (our server
     * cannot do this, its handlers block on the engine).
     */
    @Benchmark
    public byte[] anchorEchoTwiceDirectExecutor(Servers servers) {
        EchoServer.echo(servers.directEchoChannel, servers.echoPayload);
        return EchoServer.echo(servers.directEchoChannel, servers.echoPayload);
    }

    @Benchmark
    public Object rawPublishFetch(RawPair pair) {
        publishAndFetch(pair);
        return pair.fetched;
    }

    @Benchmark
    public Object rawPublishFetchRelease(RawPair pair) {
        publishAndFetch(pair);
        CompletableFuture.allOf(pair.fetcher.releaseAsync(pair.fetched), pair.publisher.releaseAsync(pair.source))
                .join();
        pair.releasedByBenchmark = true;
        return pair.fetched;
    }

    private static void publishAndFetch(RawPair pair) {
        pair.publisher.sessions().publishFromTicket(PublishRequest.newBuilder()
                .setSourceId(pair.source).setResultId(pair.shared.toProto()).build());
        pair.fetcher.sessions().exportFromTicket(ExportRequest.newBuilder()
                .setSourceId(pair.shared.toProto()).setResultId(pair.fetched).build());
    }

    @Benchmark
    public Object clientPublishFetch(ClientPair pair) {
        pair.publisher.publishTable(pair.shared, pair.source);
        pair.fetched = pair.fetcher.fetchTable(pair.shared);
        return pair.fetched;
    }

    @Benchmark
    public Object clientPublishFetchRelease(ClientPair pair) {
        pair.publisher.publishTable(pair.shared, pair.source);
        Table fetched = pair.fetcher.fetchTable(pair.shared);
        fetched.close();
        pair.source.close();
        return fetched;
    }
}
