package dev.deephavencdi.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DoGet comparison for a machine that is not quiet: the same two servers as {@link DoGetBenchmark}, read
 * alternately (ours, the Arrow Flight anchor, ours, ...) in one JVM, so that each pair of reads sees the same load.
 * Prints per shape the median wall time and process CPU time of each read, and the median of the per-pair
 * throughput ratios (anchor time / our time: above 1 means our DoGet is faster).
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx4g -cp bench/target/deephaven-cdi-bench.jar \
 *     dev.deephavencdi.bench.DoGetAlternating 15 INT_2 STRING_SHORT
 * </pre>
 */
public final class DoGetAlternating {
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
            System.out.println(run(shape, 0, pairs));
        }
        System.exit(0);
    }

    /** One shape: a few pairs to warm up, then {@code pairs} measured pairs. */
    static String run(DoGetBenchmark.Shape shape, long rows, int pairs) throws Exception {
        DoGetBenchmark.Servers servers = new DoGetBenchmark.Servers();
        servers.shape = shape;
        servers.rows = rows;
        servers.anchorStreaming = ArrowFlightAnchor.Streaming.PUT_NEXT_ZERO_COPY;
        servers.start();
        try {
            long[][] warm = new long[2][];
            for (int w = 0; w < 3; w++) {
                warm[0] = timed(servers, () -> DoGetBenchmark.read(servers.ours, servers.ourTicket, servers.ourAuthorization));
                warm[1] = timed(servers, () -> DoGetBenchmark.read(servers.theirs, servers.theirTicket));
            }
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
            double mb = servers.bodyBytes / 1e6;
            return String.format("DoGet %s alternating, %d pairs: ours median %.1f ms (%.0f MB/s, CPU %.0f ms),"
                    + " Arrow Flight median %.1f ms (%.0f MB/s, CPU %.0f ms), median ratio %.2fx throughput;"
                    + " %.1f MB body", shape, pairs, median(ours), mb / median(ours) * 1e3, median(oursCpu),
                    median(theirs), mb / median(theirs) * 1e3, median(theirsCpu), median(ratios), mb);
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
