package dev.deephavencdi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark's setup, one invocation of every benchmark method and its teardown, on small tables, so
 * that the normal build proves the benchmarks work without running them (JMH runs only from the jar).
 */
class BenchmarksSmokeTest {

    @Test
    void roundTripBenchmarksShareATableAndLeaveNothingBehind() throws Exception {
        RoundTripBenchmark benchmark = new RoundTripBenchmark();
        RoundTripBenchmark.Servers servers = new RoundTripBenchmark.Servers();
        servers.start();
        try {
            assertThat(benchmark.anchorEchoTwice(servers)).isEqualTo(servers.echoPayload);
            assertThat(benchmark.anchorEchoTwiceDirectExecutor(servers)).isEqualTo(servers.echoPayload);

            RoundTripBenchmark.RawPair raw = new RoundTripBenchmark.RawPair();
            raw.login(servers);
            raw.freshSource();
            benchmark.rawPublishFetch(raw);
            assertThat(servers.server.stats().sharedTickets()).isEqualTo(1);
            raw.releaseLeftovers();
            raw.freshSource();
            benchmark.rawPublishFetchRelease(raw);
            raw.releaseLeftovers();
            assertThat(servers.server.stats().sharedTickets()).isZero();
            raw.logout();

            RoundTripBenchmark.ClientPair client = new RoundTripBenchmark.ClientPair();
            client.connect(servers);
            client.freshSource();
            assertThat(((dev.deephavencdi.client.Table) benchmark.clientPublishFetch(client)).size()).isEqualTo(10);
            client.releaseLeftovers();
            client.freshSource();
            benchmark.clientPublishFetchRelease(client);
            client.releaseLeftovers();
            client.disconnect();

            awaitEmpty(servers.server);
        } finally {
            servers.stop();
        }
    }

    @Test
    void doGetBenchmarksReadEveryRowFromBothServers() throws Exception {
        DoGetBenchmark benchmark = new DoGetBenchmark();
        // the mixed table has every column type the other shapes have; each anchor streaming way once
        for (var shape : new DoGetBenchmark.Shape[] {DoGetBenchmark.Shape.INT_2, DoGetBenchmark.Shape.MIXED_20}) {
            for (var streaming : ArrowFlightAnchor.Streaming.values()) {
                DoGetBenchmark.Servers servers = new DoGetBenchmark.Servers();
                servers.shape = shape;
                servers.rows = 100_000;
                servers.anchorStreaming = streaming;
                servers.start();
                try {
                    assertThat(benchmark.ourServerDoGet(servers)).isEqualTo(100_000);
                    assertThat(benchmark.anchorArrowFlightDoGet(servers)).isEqualTo(100_000);
                    assertThat(servers.bodyBytes).isPositive();
                } finally {
                    servers.stop();
                }
                if (shape == DoGetBenchmark.Shape.MIXED_20) {
                    break;
                }
            }
        }

        assertThat(DoGetAlternating.run(DoGetBenchmark.Shape.BOOLEAN, 10_000, 2, Duration.ZERO)).contains("median ratio");

        DoGetBenchmark.HeapArrays arrays = new DoGetBenchmark.HeapArrays();
        arrays.rows = 1000;
        arrays.allocate();
        assertThat(benchmark.anchorMemoryCopyArraycopy(arrays)).isEqualTo(arrays.source);
        DoGetBenchmark.DirectBuffer buffer = new DoGetBenchmark.DirectBuffer();
        buffer.rows = 1000;
        buffer.allocate();
        assertThat(benchmark.anchorMemoryCopyHeapToDirect(buffer).position()).isEqualTo(8000);
    }

    @Test
    void updateBenchmarksComputeTheSameTableEveryWay() throws Exception {
        UpdateBenchmark benchmark = new UpdateBenchmark();
        UpdateBenchmark.Servers servers = new UpdateBenchmark.Servers();
        servers.rows = 1000;
        servers.start();
        try {
            assertThat(benchmark.anchorInProcess(servers)).isEqualTo(1000);
            benchmark.anchorRoundTrip(servers);
            assertThat(benchmark.rawBatch(servers)).isEqualTo(1000);
            assertThat(benchmark.officialClientBatch(servers)).isEqualTo(1000);
            assertThat(benchmark.ourClient(servers)).isEqualTo(1000);
        } finally {
            servers.stop();
        }
    }

    @Test
    void interceptorBenchmarkPublishesOnceAndReturnsTheSameTableBothWays() {
        PublishedInterceptorBenchmark benchmark = new PublishedInterceptorBenchmark();
        benchmark.start();
        try {
            assertThat(benchmark.intercepted()).isSameAs(benchmark.plain());
            assertThat(benchmark.intercepted().isReleased()).isFalse();
        } finally {
            benchmark.stop();
        }
    }

    @Test
    void liveUpdateBenchmarkSeesEachChangeAtTheSubscriber() throws Exception {
        LiveUpdateBenchmark benchmark = new LiveUpdateBenchmark();
        benchmark.cycleMillis = 10;
        benchmark.start();
        try {
            long first = benchmark.changeToSubscriberCallback();
            assertThat(benchmark.changeToSubscriberCallback()).isGreaterThan(first);
            assertThat(benchmark.server.stats().subscriptions()).isEqualTo(1);
            benchmark.closeClients();
            awaitEmpty(benchmark.server);
        } finally {
            benchmark.server.close();
        }
    }

    @Test
    void liveTablePerformanceRunsBothMeasurements() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LiveTablePerformance.run(100, 1);
        } finally {
            System.setOut(console);
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        console.print(report);
        assertThat(report).contains("latency tick->client callback (cycle 100 ms").contains("median=")
                .contains("throughput, one subscription").doesNotContain("updates=0 ");
    }

    @Test
    void memoryFootprintMeasuresTicketsAndSessions() throws Exception {
        try (var server = dev.deephavencdi.server.EmbeddedDeephavenServer.builder().port(0).anonymousAccess()
                .start()) {
            MemoryFootprint.Result result = MemoryFootprint.run(server, 2, 20);
            assertThat(result.bytesPerTicket()).as("a 1M-row ticket holds its 12 MB of columns")
                    .isGreaterThan(8L << 20);
            awaitEmpty(server);
        }
    }

    @Test
    void coldStartSpawnsAServerAndTimesItsFirstRequest() throws Exception {
        ColdStart.Run run = ColdStart.runOnce(System.getProperty("java.class.path"));
        assertThat(run.firstResponseNanos()).isGreaterThanOrEqualTo(run.listeningNanos()).isPositive();
    }

    private static void awaitEmpty(dev.deephavencdi.server.EmbeddedDeephavenServer server)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!server.stats().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.stats().isEmpty()).as("server holds %s", server.stats()).isTrue();
    }
}
