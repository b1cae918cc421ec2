package dev.deephavencdi.bench;

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
 * <pre>
 * java -jar bench/target/deephaven-cdi-bench.jar RoundTripBenchmark -prof dev.deephavencdi.bench.CpuTimeProfiler
 * </pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private long cpuAtStart;

    @Override
    public String getDescription() {
        return "process CPU time per operation (client and server threads of the fork, GC and JIT included)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = processCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = processCpuNanos() - cpuAtStart;
        long ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(new ScalarResult("cpu.time/op", cpu / 1e3 / ops, "us/op", AggregationPolicy.AVG));
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
