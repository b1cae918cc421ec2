package dev.deephavencdi.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DoGet comparison for a machine that is not quiet: the same two servers as {@link DoGetBenchmark}, read
 * alternately (ours, the Arrow Flight anchor, ours, ...) in one JVM, so that each pair of reads sees the same load.
 * Prints per shape the median wall time and process CPU time of each read, and the median of the per-pair
 * throughput ratios (anchor time / our time: above 1 means our DoGet is faster). It warms up until the JIT compilers
 * take less than 3% of the CPU time of five pairs (at most 90 s) and says what share they took of the measured pairs.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx4g -cp bench/target/deephaven-cdi-bench.jar \
 *     dev.deephavencdi.bench.DoGetAlternating 15 INT_2 STRING_SHORT
 * </pre>
 */
public final class DoGetAlternating {
    /** Warm-up pairs continue while the compiler threads take more than this share of their CPU time... */
    private static final double WARM_JIT_SHARE = 0.03;

    /** ... judged over this many pairs at a time. */
    private static final int WARM_WINDOW_PAIRS = 5;

    /** ... but no longer than this. */
    static final Duration MAX_WARMUP = Duration.ofSeconds(90);

    private DoGetAlternating() {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<DoGetBenchmark.Shape> shapes = new ArrayList<>();
        for (int a = 1; a < args.length; a++) {
            shapes.add(DoGetBenchmark.Shape.valueOf(args[a]));
        }
        if (shapes.isEmpty()) {
            shapes.addAll(Arrays.asList(DoGetBenchmark.Shape.values()));
        }
        for (DoGetBenchmark.Shape shape : shapes) {
            System.out.println(run(shape, 0, pairs, MAX_WARMUP));
        }
        System.exit(0);
    }

    /** One shape: pairs to warm up (at least five, at most {@code maxWarmup}), then {@code pairs} measured pairs. */
    static String run(DoGetBenchmark.Shape shape, long rows, int pairs, Duration maxWarmup) throws Exception {
        DoGetBenchmark.Servers servers = new DoGetBenchmark.Servers();
        servers.shape = shape;
        servers.rows = rows;
        servers.anchorStreaming = ArrowFlightAnchor.Streaming.PUT_NEXT_ZERO_COPY;
        servers.start();
        try {
            // warm until the JIT is done with both paths: while it compiles, its threads are a third or more of the
            // CPU of a read and the reads run cold code (three pairs were not enough: CPU 250 ms for INT_2, ~115 warm)
            long warmUntil = System.nanoTime() + maxWarmup.toNanos();
            int warmPairs = 0;
            double jitShare = 1;
            do { // judged over a few pairs: /proc counts CPU in 10 ms ticks
                long cpu = CpuTimeProfiler.processCpuNanos();
                long[] threads = CpuTimeProfiler.compilerAndGcCpuNanos();
                for (int w = 0; w < WARM_WINDOW_PAIRS; w++) {
                    timed(servers, () -> DoGetBenchmark.read(servers.ours, servers.ourTicket,
                            servers.ourAuthorization));
                    timed(servers, () -> DoGetBenchmark.read(servers.theirs, servers.theirTicket));
                }
                jitShare = CpuTimeProfiler.compilerShareSince(cpu, threads);
                warmPairs += WARM_WINDOW_PAIRS;
            } while (jitShare > WARM_JIT_SHARE && System.nanoTime() < warmUntil);
            long measuredCpu = CpuTimeProfiler.processCpuNanos();
            long[] measuredThreads = CpuTimeProfiler.compilerAndGcCpuNanos();
            double[] ours = new double[pairs];
            double[] theirs = new double[pairs];
            double[] oursCpu = new double[pairs];
            double[] theirsCpu = new double[pairs];
            double[] ratios = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                long[] a = timed(servers, () -> DoGetBenchmark.read(servers.ours, servers.ourTicket, servers.ourAuthorization));
                long[] b = timed(servers, () -> DoGetBenchmark.read(servers.theirs, servers.theirTicket));
                ours[p] = a[0] / 1e6;
                theirs[p] = b[0] / 1e6;
                oursCpu[p] = a[1] / 1e6;
                theirsCpu[p] = b[1] / 1e6;
                ratios[p] = theirs[p] / ours[p];
            }
            double jitPercent = 100 * CpuTimeProfiler.compilerShareSince(measuredCpu, measuredThreads);
            double mb = servers.bodyBytes / 1e6;
            return String.format("DoGet %s alternating, %d pairs after %d warm-up pairs: ours median %.1f ms"
                    + " (%.0f MB/s, CPU %.0f ms), Arrow Flight median %.1f ms (%.0f MB/s, CPU %.0f ms), median ratio"
                    + " %.2fx throughput; %.1f MB body; JIT %.1f%% of the measured pairs' CPU", shape, pairs,
                    warmPairs, median(ours), mb / median(ours) * 1e3, median(oursCpu), median(theirs),
                    mb / median(theirs) * 1e3, median(theirsCpu), median(ratios), mb, jitPercent);
        } finally {
            servers.stop();
        }
    }

    /** @return wall and process CPU nanoseconds of one read, after checking it read every row */
    private static long[] timed(DoGetBenchmark.Servers servers, java.util.function.LongSupplier read) {
        long cpu = CpuTimeProfiler.processCpuNanos();
        long start = System.nanoTime();
        long rows = read.getAsLong();
        long[] result = {System.nanoTime() - start, CpuTimeProfiler.processCpuNanos() - cpu};
        if (rows != servers.tableRows) {
            throw new IllegalStateException("read " + rows + " rows, expected " + servers.tableRows);
        }
        return result;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
