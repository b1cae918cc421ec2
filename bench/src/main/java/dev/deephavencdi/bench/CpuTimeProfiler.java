package dev.deephavencdi.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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
 *
 * <pre>
 * java -jar bench/target/deephaven-cdi-bench.jar RoundTripBenchmark -prof dev.deephavencdi.bench.CpuTimeProfiler
 * </pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private long cpuAtStart;
    private long jitMillisAtStart;

    @Override
    public String getDescription() {
        return "process CPU time per operation (client and server threads of the fork, GC and JIT included)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = processCpuNanos();
        jitMillisAtStart = jitMillis();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = processCpuNanos() - cpuAtStart;
        long ops = Math.max(1, result.getMetadata().getAllOps());
        long jitMillis = jitMillis() - jitMillisAtStart;
        return List.of(new ScalarResult("cpu.time/op", cpu / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("jit.time/op", jitMillis * 1e3 / ops, "us/op", AggregationPolicy.AVG));
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
