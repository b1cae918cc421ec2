package dev.deephavencdi.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting the benchmark JVM's CPU time per operation ({@code cpu.time/op}, in microseconds):
 * every thread of the process, so client and server (and GC and JIT) alike, since both run in the fork. Unlike wall
 * time it hardly moves when other processes load the machine, so it compares our path with its anchor even on a
 * busy 2-core box. It counts work the score does not: per-invocation setup and teardown (see each benchmark).
 *
 * <p>It also reports {@code jit.time/op}, the JIT compilers' time per operation in the same iteration: a fork
 * that loads the engine, the server and the official client keeps compiling for tens of seconds, and while it
 * does its compiler threads are most of {@code cpu.time/op} (and, on a loaded machine, take the cores the
 * benchmark's threads wait for). A warm iteration shows it near zero (about 1% of {@code cpu.time/op} or less).
 * That figure is the compilers' elapsed time, which a loaded machine inflates; on Linux {@code cpu.jit/op} and
 * {@code cpu.gc/op} are the CPU time of the compiler and GC threads themselves, the part of {@code cpu.time/op}
 * that is neither client nor server code.
 *
 * <pre>
 * java -jar bench/target/deephaven-cdi-bench.jar RoundTripBenchmark -prof dev.deephavencdi.bench.CpuTimeProfiler
 * </pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    /** {@code sysconf(_SC_CLK_TCK)} is 100 on every Linux the benchmarks run on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private long cpuAtStart;
    private long jitMillisAtStart;
    private long[] threadsAtStart;

    @Override
    public String getDescription() {
        return "process CPU time per operation (client and server threads of the fork, GC and JIT included)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = processCpuNanos();
        jitMillisAtStart = jitMillis();
        threadsAtStart = compilerAndGcCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = processCpuNanos() - cpuAtStart;
        long ops = Math.max(1, result.getMetadata().getAllOps());
        long jitMillis = jitMillis() - jitMillisAtStart;
        long[] threads = compilerAndGcCpuNanos();
        List<Result> results = new ArrayList<>(List.of(
                new ScalarResult("cpu.time/op", cpu / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("jit.time/op", jitMillis * 1e3 / ops, "us/op", AggregationPolicy.AVG)));
        if (threads != null && threadsAtStart != null) {
            // CPU, not elapsed time: what the compiler and GC threads took from the cores in this iteration
            results.add(new ScalarResult("cpu.jit/op", (threads[0] - threadsAtStart[0]) / 1e3 / ops, "us/op",
                    AggregationPolicy.AVG));
            results.add(new ScalarResult("cpu.gc/op", (threads[1] - threadsAtStart[1]) / 1e3 / ops, "us/op",
                    AggregationPolicy.AVG));
        }
        return results;
    }

    /**
     * @param cpuAtStart {@link #processCpuNanos()} then
     * @param threadsAtStart {@link #compilerAndGcCpuNanos()} then (null off Linux)
     * @return the share of the process's CPU time the compiler threads took since then; 0 where unknown
     */
    static double compilerShareSince(long cpuAtStart, long[] threadsAtStart) {
        long[] threads = compilerAndGcCpuNanos();
        if (threads == null || threadsAtStart == null) {
            return 0;
        }
        return (double) (threads[0] - threadsAtStart[0]) / Math.max(1, processCpuNanos() - cpuAtStart);
    }

    /**
     * The CPU time of the JVM's compiler threads and of its GC threads, from {@code /proc/self/task} (Linux; null
     * elsewhere). Those threads are hidden from {@code ThreadMXBean}. A compiler thread that the JVM retires takes
     * its time with it, so the JIT figure is a lower bound.
     *
     * @return {compiler nanoseconds, GC nanoseconds}, or null
     */
    static long[] compilerAndGcCpuNanos() {
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return null;
        }
        long[] nanos = new long[2];
        for (File task : tasks) {
            String stat;
            try {
                stat = Files.readString(new File(task, "stat").toPath());
            } catch (IOException e) {
                continue; // the thread ended meanwhile
            }
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                continue;
            }
            String name = stat.substring(open + 1, close);
            int group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? 0
                    : name.startsWith("GC Thread") || name.startsWith("G1 ") ? 1 : -1;
            if (group < 0) {
                continue;
            }
            // after the name: state is field 3 of stat(5), utime 14 and stime 15, in clock ticks
            String[] fields = stat.substring(close + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            nanos[group] += ticks * NANOS_PER_TICK;
        }
        return nanos;
    }

    /** @return the JIT compilers' accumulated time (elapsed time of the compiler threads), in milliseconds */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
