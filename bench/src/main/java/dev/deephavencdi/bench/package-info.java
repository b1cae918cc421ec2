/**
 * Benchmarks of deephaven-cdi against their anchors, each run side by side in one JMH run so that a noisy machine
 * hits both alike, plus plain mains for what JMH does not model well.
 *
 * <ul>
 *   <li>{@link dev.deephavencdi.bench.RoundTripBenchmark}: publish + fetch (+ release) vs bare gRPC unary echoes;</li>
 *   <li>{@link dev.deephavencdi.bench.DoGetBenchmark}: Flight {@code DoGet} of 10M rows vs an Arrow Flight Java
 *       server, and a plain memory copy of the same bytes;</li>
 *   <li>{@link dev.deephavencdi.bench.UpdateBenchmark}: {@code update} on 10M rows through the server vs the same
 *       engine call in-process;</li>
 *   <li>{@link dev.deephavencdi.bench.ColdStart}: a server process from spawn to its first served request;</li>
 *   <li>{@link dev.deephavencdi.bench.PublishedInterceptorBenchmark}: the {@code @Published} interceptor in a
 *       real Weld container vs the same method without it;</li>
 *   <li>{@link dev.deephavencdi.bench.ColdStart}: a server process from spawn to its first served request;</li>
 *   <li>{@link dev.deephavencdi.bench.ScaleRun}: 1,000 sessions x 10 published tickets, then all closed;</li>
 *   <li>{@link dev.deephavencdi.bench.LiveUpdateBenchmark}: a change reaching a subscriber in another session, as
 *       a latency distribution;</li>
 *   <li>{@link dev.deephavencdi.bench.LiveTablePerformance}: tick-to-callback latency and throughput of live
 *       subscriptions.</li>
 * </ul>
 *
 * Build and run: the README's "Performance" section.
 */
package dev.deephavencdi.bench;
