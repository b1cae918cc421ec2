package dev.deephavencdi.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import java.util.List;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DoGet of static tables whose columns are all fixed-width primitives takes the bulk writer: every type, Deephaven
 * nulls as Arrow nulls, several record batches, and a non-contiguous row set must read back exactly.
 */
class DoGetPrimitiveColumnsTest {
    private static final int ROWS = 400_000; // two record batches of ~8 MiB at 31 bytes per row
    private static final List<String> FORMULAS = List.of(
            "X = i",
            "B = i % 10 == 0 ? NULL_BYTE : (byte) (i % 100)",
            "S = i % 10 == 1 ? NULL_SHORT : (short) (i % 1000)",
            "I = i % 10 == 2 ? NULL_INT : i",
            "L = i % 10 == 3 ? NULL_LONG : (long) i * 3",
            "F = i % 10 == 4 ? NULL_FLOAT : (float) ((i % 50) * 0.5)",
            "D = i % 10 == 5 ? NULL_DOUBLE : i / 4.0");
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();
    private static RawClient client;

    @BeforeAll
    static void start() {
        client = new RawClient(server);
        client.login();
    }

    @AfterAll
    static void stop() throws Exception {
        client.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        client.close();
        assertThat(server.stats().isEmpty()).isTrue();
    }

    @Test
    void everyPrimitiveTypeAndNullReadsBackExactlyAcrossBatches() throws Exception {
        Ticket table = primitives();
        Totals totals = read(table);
        assertThat(totals.batches).isGreaterThanOrEqualTo(2);
        assertThat(totals.types).containsExactly(new ArrowType.Int(32, true), new ArrowType.Int(8, true),
                new ArrowType.Int(16, true), new ArrowType.Int(32, true), new ArrowType.Int(64, true),
                new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE),
                new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE));
        assertThat(totals).isEqualTo(expected(ROWS, row -> true, totals.batches, totals.types));
    }

    @Test
    void aFilteredTableReadsOnlyItsRows() throws Exception {
        Ticket filtered = client.nextExport();
        client.tables().unstructuredFilter(UnstructuredFilterTableRequest.newBuilder().setResultId(filtered)
                .setSourceId(TableReference.newBuilder().setTicket(primitives())).addFilters("X % 3 != 0").build());
        Totals totals = read(filtered);
        assertThat(totals).isEqualTo(expected(ROWS, row -> row % 3 != 0, totals.batches, totals.types));
    }

    private static Ticket primitives() {
        Ticket empty = client.nextExport();
        client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(empty).setSize(ROWS).build());
        Ticket table = client.nextExport();
        client.tables().update(SelectOrUpdateRequest.newBuilder().setResultId(table)
                .setSourceId(TableReference.newBuilder().setTicket(empty)).addAllColumnSpecs(FORMULAS).build());
        return table;
    }

    /** Sums and null counts per column, so the rows compare without holding them. */
    record Totals(long rows, long[] nulls, double[] sums, int batches, List<ArrowType> types) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Totals that && rows == that.rows && java.util.Arrays.equals(nulls, that.nulls)
                    && java.util.Arrays.equals(sums, that.sums);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(rows);
        }

        @Override
        public String toString() {
            return "rows " + rows + ", nulls " + java.util.Arrays.toString(nulls) + ", sums "
                    + java.util.Arrays.toString(sums);
        }
    }

    private static Totals read(Ticket ticket) throws Exception {
        try (RootAllocator allocator = new RootAllocator();
                FlightClient flight = FlightClient.builder(allocator,
                        Location.forGrpcInsecure(server.connectHost(), server.port())).build()) {
            FlightCallHeaders headers = new FlightCallHeaders();
            headers.insert("authorization", client.authorization());
            long rows = 0;
            long[] nulls = new long[FORMULAS.size()];
            double[] sums = new double[FORMULAS.size()];
            int batches = 0;
            List<ArrowType> types;
            try (FlightStream stream = flight.getStream(new org.apache.arrow.flight.Ticket(
                    ticket.getTicket().toByteArray()), new HeaderCallOption(headers))) {
                types = stream.getSchema().getFields().stream().map(f -> f.getType()).toList();
                while (stream.next()) {
                    batches++;
                    List<FieldVector> vectors = stream.getRoot().getFieldVectors();
                    int count = stream.getRoot().getRowCount();
                    rows += count;
                    for (int c = 0; c < vectors.size(); c++) {
                        for (int r = 0; r < count; r++) {
                            Object value = vectors.get(c).getObject(r);
                            if (value == null) {
                                nulls[c]++;
                            } else {
                                sums[c] += ((Number) value).doubleValue();
                            }
                        }
                    }
                }
            }
            return new Totals(rows, nulls, sums, batches, types);
        }
    }

    private static Totals expected(int size, java.util.function.IntPredicate kept, int batches, List<ArrowType> types) {
        long rows = 0;
        long[] nulls = new long[FORMULAS.size()];
        double[] sums = new double[FORMULAS.size()];
        for (int i = 0; i < size; i++) {
            if (!kept.test(i)) {
                continue;
            }
            rows++;
            sums[0] += i;
            double[] values = {(byte) (i % 100), (short) (i % 1000), i, (long) i * 3, (float) ((i % 50) * 0.5), i / 4.0};
            for (int c = 1; c < FORMULAS.size(); c++) {
                if (i % 10 == c - 1) {
                    nulls[c]++;
                } else {
                    sums[c] += values[c - 1];
                }
            }
        }
        return new Totals(rows, nulls, sums, batches, types);
    }
}
