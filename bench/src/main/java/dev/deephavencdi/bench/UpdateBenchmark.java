package dev.deephavencdi.bench;

import dev.deephavencdi.client.DeephavenClient;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.engine.util.TableTools;
import io.deephaven.proto.backplane.grpc.BatchTableRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.uri.DeephavenTarget;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * Goal 3: {@code emptyTable(10M).update("X = i", "Y = 2*i")} through the server against the same engine call
 * in-process. The goal is server &le; 1.1 x (in-process + one round trip); {@code anchorRoundTrip} is that round
 * trip (an authenticated {@code GetConfigurationConstants}).
 *
 * <ul>
 *   <li>{@code rawBatch}: one {@code Batch} of {@code empty_table} + {@code update} over the generated stubs, the
 *       result released asynchronously (as the official client does);</li>
 *   <li>{@code officialClientBatch}: the official Java client's {@code execute(TableSpec)} (also one Batch);</li>
 *   <li>{@code ourClient}: our client API, {@code emptyTable(n).update(...)}: two Batches, one per call.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class UpdateBenchmark {
    static final String[] FORMULAS = {"X = i", "Y = 2*i"};

    @State(Scope.Benchmark)
    public static class Servers {
        @Param("10000000")
        public long rows;

        DeephavenEngine engine;
        EmbeddedDeephavenServer server;
        ManagedChannel channel;
        RawSession raw;
        ScheduledExecutorService officialScheduler;
        SessionFactoryConfig.Factory officialFactory;
        io.deephaven.client.impl.Session official;
        DeephavenClient client;
        Session ours;

        @Setup(Level.Trial)
        public void start() {
            try {
                engine = DeephavenEngine.start(Files.createTempDirectory("dh-bench-formulas"), Duration.ofSeconds(1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess()
                    .sessionDuration(Duration.ofHours(1)).start();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            raw = RawSession.login(channel);
            officialScheduler = Executors.newScheduledThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "official-client");
                thread.setDaemon(true);
                return thread;
            });
            officialFactory = SessionFactoryConfig.builder()
                    .clientConfig(ClientConfig.builder().target(DeephavenTarget.of(URI.create(server.target())))
                            .build())
                    .scheduler(officialScheduler).build().factory();
            official = officialFactory.newSession();
            client = DeephavenClient.builder().target(server.target()).build();
            ours = client.newSession();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            ours.close();
            client.close();
            official.close();
            officialFactory.managedChannel().shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            officialScheduler.shutdownNow();
            raw.close();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.close();
            engine.close();
        }
    }

    @Benchmark
    public long anchorInProcess(Servers servers) {
        return servers.engine.compute(() -> TableTools.emptyTable(servers.rows).update(FORMULAS).size());
    }

    @Benchmark
    public void anchorRoundTrip(Servers servers) {
        servers.raw.ping();
    }

    @Benchmark
    public long rawBatch(Servers servers) {
        RawSession raw = servers.raw;
        Ticket result = raw.nextExport();
        BatchTableRequest request = BatchTableRequest.newBuilder()
                .addOps(BatchTableRequest.Operation.newBuilder().setEmptyTable(
                        EmptyTableRequest.newBuilder().setSize(servers.rows)))
                .addOps(BatchTableRequest.Operation.newBuilder().setUpdate(SelectOrUpdateRequest.newBuilder()
                        .setResultId(result).setSourceId(TableReference.newBuilder().setBatchOffset(0))
                        .addColumnSpecs(FORMULAS[0]).addColumnSpecs(FORMULAS[1])))
                .build();
        long size = -1;
        Iterator<ExportedTableCreationResponse> responses = raw.tables().batch(request);
        while (responses.hasNext()) {
            ExportedTableCreationResponse response = responses.next();
            if (!response.getSuccess()) {
                throw new IllegalStateException(response.getErrorInfo());
            }
            size = response.getSize();
        }
        raw.releaseAsync(result);
        return size;
    }

    @Benchmark
    public long officialClientBatch(Servers servers) throws Exception {
        try (TableHandle handle = servers.official.execute(TableSpec.empty(servers.rows).update(FORMULAS))) {
            return handle.response().getSize();
        }
    }

    @Benchmark
    public long ourClient(Servers servers) {
        try (Table empty = servers.ours.emptyTable(servers.rows); Table table = empty.update(FORMULAS)) {
            return table.size();
        }
    }
}
