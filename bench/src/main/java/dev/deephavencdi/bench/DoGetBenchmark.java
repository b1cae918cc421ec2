package dev.deephavencdi.bench;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
 * Goal 2: Flight {@code DoGet} of a table ({@link Shape}: 10,000,000 rows x 2 {@code int}, {@code long}/{@code double}
 * with nulls, short and long strings, {@code Instant}, {@code Boolean}, a 20-column mixed table), read to the end by
 * the same Arrow Flight Java client from our server and from a plain Arrow Flight Java server
 * ({@link ArrowFlightAnchor}) that serves exactly the record batches our server sent for the same table, in the
 * same fork. Two memory copies of 80 MB give the machine's ceiling.
 *
 * <p>Times are per full read; throughput in MB/s is the Arrow body bytes of the table (printed at setup) divided by
 * the time. Keep the warmup long (the class's default, 36 s): with {@code -prof dev.deephavencdi.bench.CpuTimeProfiler}
 * a warm iteration shows {@code cpu.jit/op} at a few percent of {@code cpu.time/op} or less; a shorter warmup
 * measures the JIT, not the servers.
 *
 * <pre>
 * java -jar bench/target/deephaven-cdi-bench.jar DoGetBenchmark -p shape=INT_2,STRING_SHORT
 * java -jar bench/target/deephaven-cdi-bench.jar 'DoGetBenchmark.anchor' -p shape=INT_2 \
 *     -p anchorStreaming=PUT_NEXT,PUT_NEXT_ZERO_COPY,CALLBACK_BACKPRESSURE
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// a fork JIT-compiles two gRPC and Netty stacks (the server's shaded one, Arrow's client's) for ~30 s on 2 cores;
// while it does, the compiler threads are a third to a half of the CPU per read and the reads run cold code, which
// is what a 4 s warmup measured (INT_2: 600-680 ms per read, 430 ms CPU, against ~115 ms and CPU ~115 ms warm)
@Warmup(iterations = 12, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class DoGetBenchmark {

    /** The tables served, each built by the server's engine from {@code emptyTable(rows)} with formulas. */
    public enum Shape {
        INT_2(10_000_000, "X = i", "Y = 2*i"),
        LONG_DOUBLE_NULLS(10_000_000, "L = i % 10 == 0 ? NULL_LONG : ii * 3",
                "D = i % 10 == 0 ? NULL_DOUBLE : i * 0.5"),
        STRING_SHORT(10_000_000, "S = `s` + (i % 1000000)"),
        STRING_LONG(1_000_000, "S = `" + "0123456789".repeat(9) + "` + i"),
        INSTANT(10_000_000, "T = i % 10 == 0 ? null : epochNanosToInstant(1700000000000000000L + ii * 1000)"),
        BOOLEAN(10_000_000, "B = i % 3 == 0 ? null : i % 2 == 0"),
        MIXED_20(1_000_000, "I1 = i", "I2 = i % 10 == 0 ? NULL_INT : i * 7", "I3 = i % 1000", "L1 = ii",
                "L2 = i % 10 == 0 ? NULL_LONG : ii * 31", "L3 = ii * ii", "D1 = i * 0.5",
                "D2 = i % 10 == 0 ? NULL_DOUBLE : i * 1.5", "D3 = Math.sqrt(i)", "F1 = (float) (i * 0.25)",
                "H1 = (short) (i % 30000)", "Y1 = (byte) (i % 100)", "B1 = i % 2 == 0",
                "B2 = i % 3 == 0 ? null : i % 2 == 0", "S1 = `sym` + (i % 100)", "S2 = `s` + i",
                "S3 = i % 10 == 0 ? null : `" + "abcdefghij".repeat(4) + "` + i", "S4 = `k` + (i % 7)",
                "T1 = epochNanosToInstant(1700000000000000000L + ii * 1000)",
                "T2 = i % 10 == 0 ? null : epochNanosToInstant(1700000000000000000L + ii)");

        final long defaultRows;
        final List<String> formulas;

        Shape(long defaultRows, String... formulas) {
            this.defaultRows = defaultRows;
            this.formulas = List.of(formulas);
        }
    }

    /** Both servers holding the same table, and one Flight client to each. */
    @State(Scope.Benchmark)
    public static class Servers {
        @Param("INT_2")
        public Shape shape;

        /** Rows of the table; 0 for the shape's own size. */
        @Param("0")
        public long rows;

        /** How the anchor streams; the default is the fastest of the three measured side by side. */
        @Param("PUT_NEXT_ZERO_COPY")
        public ArrowFlightAnchor.Streaming anchorStreaming;

        EmbeddedDeephavenServer server;
        ManagedChannel channel;
        RawSession session;
        BufferAllocator allocator;
        FlightClient ours;
        Ticket ourTicket;
        CallOption ourAuthorization;
        ArrowFlightAnchor anchor;
        FlightClient theirs;
        Ticket theirTicket = new Ticket(new byte[] {1});
        long tableRows;
        long bodyBytes;

        @Setup(Level.Trial)
        public void start() {
            tableRows = rows > 0 ? rows : shape.defaultRows;
            server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess()
                    .sessionDuration(Duration.ofHours(1)).start();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            session = RawSession.login(channel);
            var empty = session.nextExport();
            session.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(empty).setSize(tableRows).build());
            var computed = session.nextExport();
            session.tables().update(SelectOrUpdateRequest.newBuilder().setResultId(computed)
                    .setSourceId(TableReference.newBuilder().setTicket(empty)).addAllColumnSpecs(shape.formulas)
                    .build());
            // select() of every column holds the values in memory, as the anchor does; the engine may leave an
            // update's formula columns to be evaluated as they are read
            var table = session.nextExport();
            session.tables().select(SelectOrUpdateRequest.newBuilder().setResultId(table)
                    .setSourceId(TableReference.newBuilder().setTicket(computed)).build());
            session.release(empty);
            session.release(computed);
            ourTicket = new Ticket(table.getTicket().toByteArray());
            FlightCallHeaders headers = new FlightCallHeaders();
            headers.insert("authorization", session.authorization());
            ourAuthorization = new HeaderCallOption(headers);

            allocator = new RootAllocator();
            ours = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();

            ArrowFlightAnchor.Copy copy;
            try (FlightStream stream = ours.getStream(ourTicket, ourAuthorization)) {
                copy = ArrowFlightAnchor.copyOf(stream);
            } catch (Exception e) {
                throw new IllegalStateException("DoGet failed", e);
            }
            if (copy.rows() != tableRows) {
                throw new IllegalStateException("our server sent " + copy.rows() + " rows, expected " + tableRows);
            }
            bodyBytes = copy.bodyBytes();
            System.out.printf("%n[DoGet] %s: %,d rows in %d record batches, %,d body bytes (%.1f MB); the Arrow"
                    + " Flight anchor serves the same batches (%s)%n", shape, tableRows, copy.batches().size(),
                    bodyBytes, bodyBytes / 1e6, anchorStreaming);
            anchor = new ArrowFlightAnchor(allocator, copy.schema(), copy.batches(), anchorStreaming);
            theirs = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", anchor.port())).build();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            theirs.close();
            anchor.close(); // releases the batches, held in the allocator of the client that read them
            ours.close();
            allocator.close();
            session.close();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.close();
        }
    }

    /** Two heap int arrays of the table's size (2 columns x rows x 4 bytes). */
    @State(Scope.Thread)
    public static class HeapArrays {
        @Param("10000000")
        public long rows;
        int[] source;
        int[] target;

        @Setup(Level.Trial)
        public void allocate() {
            source = new int[Math.toIntExact(2 * rows)];
            target = new int[source.length];
            for (int i = 0; i < source.length; i++) {
                source[i] = i;
            }
        }
    }

    /** The table's bytes on the heap and a direct buffer of the same size (what a socket write starts from). */
    @State(Scope.Thread)
    public static class DirectBuffer {
        @Param("10000000")
        public long rows;
        byte[] source;
        ByteBuffer target;

        @Setup(Level.Trial)
        public void allocate() {
            source = new byte[Math.toIntExact(8 * rows)];
            for (int i = 0; i < source.length; i++) {
                source[i] = (byte) i;
            }
            target = ByteBuffer.allocateDirect(source.length);
        }
    }

    @Benchmark
    public long ourServerDoGet(Servers servers) {
        return read(servers.ours, servers.ourTicket, servers.ourAuthorization);
    }

    @Benchmark
    public long anchorArrowFlightDoGet(Servers servers) {
        return read(servers.theirs, servers.theirTicket);
    }

    @Benchmark
    public int[] anchorMemoryCopyArraycopy(HeapArrays arrays) {
        System.arraycopy(arrays.source, 0, arrays.target, 0, arrays.source.length);
        return arrays.target;
    }

    @Benchmark
    public ByteBuffer anchorMemoryCopyHeapToDirect(DirectBuffer buffer) {
        buffer.target.clear();
        buffer.target.put(buffer.source);
        return buffer.target;
    }

    /** Reads a stream to its end; returns the number of rows. */
    static long read(FlightClient client, Ticket ticket, CallOption... options) {
        try (FlightStream stream = client.getStream(ticket, options)) {
            long rows = 0;
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException("DoGet failed", e);
        }
    }

}
