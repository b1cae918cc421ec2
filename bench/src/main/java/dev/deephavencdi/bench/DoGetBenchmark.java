package dev.deephavencdi.bench;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * Goal 2: Flight {@code DoGet} of a 10,000,000-row table with two int columns ({@code X = i, Y = 2*i}, 80 MB of
 * column data), read to the end by the same Arrow Flight Java client from our server and from a plain Arrow
 * Flight Java server ({@link ArrowFlightAnchor}) that serves the table from memory in record batches of the
 * median size our server sends. Two memory copies of the same 80 MB give the machine's ceiling.
 *
 * <p>Times are per full read; throughput in MB/s is {@code 80 / seconds} (column bytes; framing adds under 1%).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class DoGetBenchmark {

    /** Both servers holding the same table, and one Flight client to each. */
    @State(Scope.Benchmark)
    public static class Servers {
        @Param("10000000")
        public long rows;

        EmbeddedDeephavenServer server;
        ManagedChannel channel;
        RawSession session;
        BufferAllocator allocator;
        FlightClient ours;
        Ticket ourTicket;
        CallOption ourAuthorization;
        ArrowFlightAnchor anchor;
        BufferAllocator anchorAllocator;
        FlightClient theirs;
        Ticket theirTicket = new Ticket(new byte[] {1});
        int anchorBatchRows;

        @Setup(Level.Trial)
        public void start() {
            server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess()
                    .sessionDuration(Duration.ofHours(1)).start();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            session = RawSession.login(channel);
            var empty = session.nextExport();
            session.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(empty).setSize(rows).build());
            var table = session.nextExport();
            session.tables().update(SelectOrUpdateRequest.newBuilder().setResultId(table)
                    .setSourceId(TableReference.newBuilder().setTicket(empty)).addColumnSpecs("X = i")
                    .addColumnSpecs("Y = 2*i").build());
            session.release(empty);
            ourTicket = new Ticket(table.getTicket().toByteArray());
            FlightCallHeaders headers = new FlightCallHeaders();
            headers.insert("authorization", session.authorization());
            ourAuthorization = new HeaderCallOption(headers);

            allocator = new RootAllocator();
            ours = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();

            List<Integer> batchRows = batchRows(ours, ourTicket, ourAuthorization);
            long total = batchRows.stream().mapToLong(Integer::longValue).sum();
            if (total != rows) {
                throw new IllegalStateException("our server sent " + total + " rows, expected " + rows);
            }
            List<Integer> sorted = new ArrayList<>(batchRows);
            Collections.sort(sorted);
            anchorBatchRows = Math.max(1, sorted.get(sorted.size() / 2));
            System.out.printf("%n[DoGet] our server sends %d record batches (rows per batch: min %d, median %d,"
                    + " max %d); the Arrow Flight anchor sends batches of %d rows%n", batchRows.size(),
                    sorted.get(0), anchorBatchRows, sorted.get(sorted.size() - 1), anchorBatchRows);

            anchorAllocator = new RootAllocator();
            anchor = new ArrowFlightAnchor(anchorAllocator, rows, anchorBatchRows);
            theirs = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", anchor.port())).build();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            ours.close();
            theirs.close();
            anchor.close();
            anchorAllocator.close();
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

    static List<Integer> batchRows(FlightClient client, Ticket ticket, CallOption... options) {
        List<Integer> rows = new ArrayList<>();
        try (FlightStream stream = client.getStream(ticket, options)) {
            while (stream.next()) {
                rows.add(stream.getRoot().getRowCount());
            }
        } catch (Exception e) {
            throw new IllegalStateException("DoGet failed", e);
        }
        return rows;
    }
}
