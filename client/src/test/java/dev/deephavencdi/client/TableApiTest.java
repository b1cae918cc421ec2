package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.testing.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client API's aggregations, joins, update_by, snapshots, imports and input tables against the embedded server;
 * values are checked against figures computed here from the generated rows.
 */
class TableApiTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.updateCycle(Duration.ofMillis(50)))
            .checkNothingHeldAfterEach();
    private static final int N = 24;
    private Session session;



    @BeforeEach
    void connect() {
        session = TestSessions.connect(server);
    }

    @AfterEach
    void serverHoldsNothingOnceEverythingIsClosed() {
        session.close();
    }

    /** K = i % 3, V = 5i - 7 */
    private Table rows() {
        return session.emptyTable(N).update("K = i % 3", "V = 5 * i - 7");
    }

    private static long sum(int key) {
        return IntStream.range(0, N).filter(i -> i % 3 == key).mapToLong(i -> 5L * i - 7).sum();
    }

    @Test
    void aggregationsComputePerGroup() {
        List<Map<String, Object>> stats = rows().aggBy(List.of(Aggregation.sum("Total = V"),
                Aggregation.avg("Mean = V"), Aggregation.count("Rows"), Aggregation.min("Low = V"),
                Aggregation.absSum("Abs = V"), Aggregation.countWhere("Positive", "V > 0"),
                Aggregation.formula("Twice = 2 * sum(V)")), "K").sort("K").readRows(10);
        assertThat(stats).hasSize(3);
        for (int key = 0; key < 3; key++) {
            int k = key;
            Map<String, Object> row = stats.get(key);
            assertThat(row.get("Total")).isEqualTo(sum(key));
            assertThat((double) row.get("Mean")).isCloseTo(sum(key) / 8.0, within(1e-9));
            assertThat(row.get("Rows")).isEqualTo(8L);
            assertThat(row.get("Low")).isEqualTo(5 * key - 7);
            assertThat(((Number) row.get("Abs")).longValue()).isEqualTo(IntStream.range(0, N).filter(i -> i % 3 == k)
                    .mapToLong(i -> Math.abs(5L * i - 7)).sum());
            assertThat(row.get("Positive")).isEqualTo(IntStream.range(0, N).filter(i -> i % 3 == k && 5 * i - 7 > 0)
                    .count());
            assertThat(((Number) row.get("Twice")).longValue()).isEqualTo(2 * sum(key));
        }
        assertThat(rows().countBy("C", "K").readRows(5)).extracting(r -> r.get("C")).containsOnly(8L);
        assertThat(rows().view("K", "V").sumBy("K").sort("K").readRows(5)).extracting(r -> r.get("V"))
                .containsExactly(sum(0), sum(1), sum(2));
        assertThat(rows().view("K", "V").maxBy("K").sort("K").readRows(5)).extracting(r -> r.get("V"))
                .containsExactly(5 * 21 - 7, 5 * 22 - 7, 5 * 23 - 7);
        assertThat(rows().view("K", "V").firstBy("K").sort("K").readRows(5)).extracting(r -> r.get("V"))
                .containsExactly(-7, -2, 3);
        assertThat(rows().view("K", "V").groupBy("K").ungroup().readRows(100)).hasSize(N);
        assertThat(rows().headBy(2, "K").readRows(10)).extracting(r -> r.get("V"))
                .containsExactly(-7, 8, -2, 13, 3, 18);
        assertThat(rows().tailBy(1, "K").readRows(10)).extracting(r -> r.get("V"))
                .containsExactly(5 * 21 - 7, 5 * 22 - 7, 5 * 23 - 7);
        assertThatThrownBy(() -> rows().headBy(1, "Nope")).isInstanceOf(InvalidTableOperationException.class)
                .hasMessageContaining("Nope");
    }

    @Test
    void joinsAndWhereIn() {
        Table left = session.emptyTable(2).update("A = i");
        Table right = session.emptyTable(3).update("B = i * 10");
        assertThat(left.join(right, "", "").readRows(10)).hasSize(6);
        Table quotes = session.emptyTable(4).update("T = i * 10", "Bid = i + 0.5");
        Table trades = session.emptyTable(2).update("T = 15 + i * 10");   // 15, 25
        assertThat(trades.aj(quotes, "T", "Bid").readRows(5)).extracting(r -> r.get("Bid")).containsExactly(1.5, 2.5);
        assertThat(trades.raj(quotes, "T", "Bid").readRows(5)).extracting(r -> r.get("Bid"))
                .containsExactly(2.5, 3.5);
        Table keys = session.emptyTable(1).update("K = 1");
        assertThat(rows().whereIn(keys, "K").readRows(100)).hasSize(8).allSatisfy(r -> assertThat(r.get("K"))
                .isEqualTo(1));
        assertThat(rows().whereNotIn(keys, "K").readRows(100)).hasSize(16);
    }

    @Test
    void updateByAndSnapshots() {
        List<Map<String, Object>> out = rows().updateBy(List.of(UpdateByOperation.cumSum("Cum = V"),
                UpdateByOperation.rollingSum(2, "Pair = V"), UpdateByOperation.cumMax("Top = V")), "K").readRows(100);
        long[] cumulative = new long[3];
        long[] previous = new long[3];
        for (int i = 0; i < N; i++) {
            int key = i % 3;
            long v = 5L * i - 7;
            cumulative[key] += v;
            assertThat(out.get(i).get("Cum")).isEqualTo(cumulative[key]);
            assertThat(out.get(i).get("Pair")).isEqualTo(v + previous[key]);
            assertThat(((Number) out.get(i).get("Top")).longValue()).isEqualTo(v);
            previous[key] = v;
        }
        Table ticking = session.timeTable(Duration.ofMillis(50)).update("X = ii");
        Table frozen = ticking.snapshotTable();
        assertThat(frozen.isStatic()).isTrue();
        Table when = rows().snapshotWhen(session.emptyTable(1).update("Stamp = 3"));
        assertThat(when.readRows(100)).hasSize(N).allSatisfy(r -> assertThat(r.get("Stamp")).isEqualTo(3));
    }

    @Test
    void importTableUploadsArraysAndArrowAndIsPublishable() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("Id", new int[] {1, 2, 3});
        columns.put("Price", new double[] {1.5, 2.5, 4.0});
        columns.put("Sym", new String[] {"a", null, "c"});
        columns.put("When", new Instant[] {Instant.ofEpochSecond(10), Instant.ofEpochSecond(20), null});
        Table imported = session.importTable(columns);
        assertThat(imported.size()).isEqualTo(3);
        assertThat(imported.schema().columns()).extracting(ColumnSchema::name).containsExactly("Id", "Price", "Sym",
                "When");
        assertThat(imported.view("Price").sumBy().readRows(1).get(0).get("Price")).isEqualTo(8.0);
        assertThat(imported.readRows(3).get(1).get("Sym")).isNull();

        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector ids = new BigIntVector("Id", allocator);
                VarCharVector names = new VarCharVector("Name", allocator)) {
            ids.allocateNew(2);
            names.allocateNew(2);
            ids.set(0, 7);
            ids.set(1, 8);
            names.setSafe(0, "x".getBytes());
            names.setNull(1);
            VectorSchemaRoot root = VectorSchemaRoot.of(ids, names);
            root.setRowCount(2);
            Table arrow = session.importTable(root);
            SharedTicket ticket = SharedTicket.random();
            session.publishTable(ticket, arrow);
            try (Session other = TestSessions.connect(server)) {
                List<Map<String, Object>> fetched = other.fetchTable(ticket).readRows(5);
                assertThat(fetched).extracting(r -> r.get("Id")).containsExactly(7L, 8L);
                assertThat(fetched.get(0).get("Name")).isEqualTo("x");
                assertThat(fetched.get(1).get("Name")).isNull();
            }
        }
        assertThatThrownBy(() -> session.importTable(Map.of("Bad", new Object[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad");
    }

    @Test
    void inputTablesTakeRowsAndDeleteByKey() {
        Map<String, Class<?>> columns = new LinkedHashMap<>();
        columns.put("Sym", String.class);
        columns.put("Qty", int.class);
        try (InputTable keyed = session.inputTable(columns, "Sym")) {
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("Sym", new String[] {"A", "B"});
            rows.put("Qty", new int[] {1, 2});
            keyed.add(session.importTable(rows));
            rows.put("Sym", new String[] {"A"});
            rows.put("Qty", new int[] {9});
            keyed.add(session.importTable(rows));
            assertThat(keyed.table().sort("Sym").readRows(5)).extracting(r -> r.get("Qty")).containsExactly(9, 2);
            keyed.delete(session.importTable(Map.of("Sym", new String[] {"B"})));
            assertThat(keyed.table().readRows(5)).extracting(r -> r.get("Sym")).containsExactly("A");
            assertThat(keyed.keyColumns()).containsExactly("Sym");
            assertThatThrownBy(() -> keyed.add(session.importTable(Map.of("Other", new int[] {1}))))
                    .isInstanceOf(InvalidTableOperationException.class);
        }
        try (InputTable appendOnly = session.inputTable(columns)) {
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("Sym", new String[] {"A"});
            rows.put("Qty", new int[] {1});
            appendOnly.add(session.importTable(rows));
            appendOnly.add(session.importTable(rows));
            assertThat(appendOnly.table().readRows(10)).hasSize(2);
            assertThatThrownBy(() -> appendOnly.delete(session.importTable(Map.of("Sym", new String[] {"A"}))))
                    .isInstanceOf(InvalidTableOperationException.class).hasMessageContaining("append-only");
        }
    }

    @Test
    void badInputIsAnInvalidTableOperationNamingTheProblem() {
        assertThatThrownBy(() -> rows().aggBy(Aggregation.sum("S = Missing"), "K"))
                .isInstanceOf(InvalidTableOperationException.class).hasMessageContaining("Missing");
        assertThatThrownBy(() -> rows().aj(session.emptyTable(1).update("T = 1"), "Nope", "T"))
                .isInstanceOf(InvalidTableOperationException.class).hasMessageContaining("Nope");
        assertThatThrownBy(() -> Aggregation.percentile(2, "V")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpdateByOperation.rollingSum(0, "V")).isInstanceOf(IllegalArgumentException.class);
    }
}
