package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Table operations, schemas and row reading, checked by the values the server computes. */
class TableOperationsTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();
    private static Session session;

    @BeforeAll
    static void startServerAndSession() {
        session = TestSessions.connect(server);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void schemaListsColumnsInOrderWithTheirJavaTypes() {
        Table table = session.emptyTable(2).update("I = i", "L = ii", "D = i * 1.5", "S = `s` + i",
                "T = epochMillisToInstant(i * 1000L)", "B = i % 2 == 0");

        TableSchema schema = table.schema();

        assertThat(schema.columns()).extracting(ColumnSchema::name, ColumnSchema::typeName, ColumnSchema::type)
                .containsExactly(
                        tuple("I", "int", int.class),
                        tuple("L", "long", long.class),
                        tuple("D", "double", double.class),
                        tuple("S", "java.lang.String", String.class),
                        tuple("T", "java.time.Instant", Instant.class),
                        tuple("B", "java.lang.Boolean", Boolean.class));
        assertThat(schema.column("S")).map(ColumnSchema::type).contains(String.class);
        assertThat(schema.column("Nope")).isEmpty();
    }

    @Test
    void smallNumericCharDateAndArrayColumnsHaveTheirJavaTypesAndValues() {
        Table table = session.emptyTable(1).update("X = (byte) 1", "Y = (short) 2", "Z = (float) 1.5", "C = 'c'",
                "D = java.time.LocalDate.of(2024, 1, 2)", "A = new int[] {1, 2}");

        assertThat(table.schema().columns()).extracting(ColumnSchema::type).containsExactly(byte.class, short.class,
                float.class, char.class, LocalDate.class, int[].class);
        assertThat(table.readRows(1).get(0)).containsEntry("X", (byte) 1).containsEntry("Y", (short) 2)
                .containsEntry("Z", 1.5f).containsEntry("C", 'c').containsEntry("D", LocalDate.of(2024, 1, 2))
                .hasEntrySatisfying("A", array -> assertThat(array).isEqualTo(List.of(1, 2)));
    }

    @Test
    void readRowsReturnsPlainJavaValuesWithDeephavenNullsAsNull() {
        Table table = session.emptyTable(2).update("I = i == 1 ? NULL_INT : i", "L = i == 1 ? NULL_LONG : ii",
                "D = i == 1 ? NULL_DOUBLE : 0.5", "S = i == 1 ? null : `a`",
                "T = i == 1 ? null : epochMillisToInstant(1000L)", "B = i == 1 ? null : true");

        List<Map<String, Object>> rows = table.readRows(10);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(Map.entry("I", 0), Map.entry("L", 0L), Map.entry("D", 0.5),
                Map.entry("S", "a"), Map.entry("T", Instant.ofEpochSecond(1)), Map.entry("B", true));
        assertThat(rows.get(1)).containsOnlyKeys("I", "L", "D", "S", "T", "B").allSatisfy((k, v) -> assertThat(v).isNull());
    }

    @Test
    void readRowsStopsAtMaxRowsAndLeavesNoExportBehind() {
        Table source = session.emptyTable(10_000_000);
        Table huge = source.updateView("X = ii");
        long exportsBefore = server.stats().exports();

        List<Map<String, Object>> rows = huge.readRows(3);

        assertThat(rows).extracting(row -> row.get("X")).containsExactly(0L, 1L, 2L);
        assertThat(huge.readRows(0)).isEmpty();
        // the server-side head(3) that readRows made is released again. At most as many as before, not exactly:
        // unreachable tables of the other tests (one session for the class) may be released by the Cleaner meanwhile
        Poll.until(Duration.ofSeconds(10), () -> server.stats().exports() <= exportsBefore,
                () -> "exports left behind: " + server.stats() + ", before: " + exportsBefore);
        java.lang.ref.Reference.reachabilityFence(source); // its export counts in exportsBefore
        java.lang.ref.Reference.reachabilityFence(huge);
    }

    @Test
    @SuppressWarnings("try") // FlightStream.close() declares InterruptedException
    void openArrowStreamStreamsEveryRowWithTheSchema() throws Exception {
        Table table = session.emptyTable(100).update("X = i", "Y = `y`");
        long count = 0;
        try (FlightStream stream = table.openArrowStream()) {
            assertThat(stream.getSchema().getFields()).extracting(Field::getName).containsExactly("X", "Y");
            while (stream.next()) {
                count += stream.getRoot().getRowCount();
            }
        }
        assertThat(count).isEqualTo(100);
    }

    @Test
    void sizeAndIsStaticDescribeTheTable() {
        Table table = session.emptyTable(42);
        assertThat(table.size()).isEqualTo(42);
        assertThat(table.isStatic()).isTrue();
        assertThat(table.session()).isSameAs(session);
    }

    @Test
    void timeTableIsRefreshingAndHasATimestampColumn() {
        try (Table ticking = session.timeTable(Duration.ofMillis(100))) {
            assertThat(ticking.isStatic()).isFalse();
            assertThat(ticking.schema().columns()).extracting(ColumnSchema::name, ColumnSchema::type)
                    .containsExactly(tuple("Timestamp", Instant.class));
        }
    }

    @Test
    void readRowsOfATickingTableReadsASnapshotOfAtMostMaxRows() {
        try (Table ticking = session.timeTable(Duration.ofMillis(10))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            Poll.until(Duration.ofSeconds(15), () -> {
                rows.clear();
                rows.addAll(ticking.readRows(5));
                return !rows.isEmpty();
            }, () -> "the time table never ticked");

            assertThat(rows).hasSizeBetween(1, 5);
            assertThat(rows.get(0).get("Timestamp")).isInstanceOf(Instant.class);
        }
    }

    @Test
    void sortOrdersRowsAscendingAndDescending() {
        Table table = session.emptyTable(5).update("X = (i * 3) % 5");

        assertThat(values(table.sort("X"), "X")).containsExactly(0, 1, 2, 3, 4);
        assertThat(values(table.sortDescending("X"), "X")).containsExactly(4, 3, 2, 1, 0);
    }

    @Test
    void whereHeadAndTailKeepTheExpectedRows() {
        Table table = session.emptyTable(10).update("X = i");

        assertThat(values(table.where("X > 6"), "X")).containsExactly(7, 8, 9);
        assertThat(values(table.where("X % 2 == 0", "X < 5"), "X")).containsExactly(0, 2, 4);
        assertThat(values(table.head(2), "X")).containsExactly(0, 1);
        assertThat(values(table.tail(2), "X")).containsExactly(8, 9);
    }

    @Test
    void selectViewUpdateViewAndLazyUpdateComputeColumns() {
        Table table = session.emptyTable(3).update("X = i");

        assertThat(table.select("Y = X + 1").schema().columnNames()).containsExactly("Y");
        assertThat(values(table.view("Y = X * 10"), "Y")).containsExactly(0, 10, 20);
        assertThat(values(table.updateView("Y = X - 1"), "Y")).containsExactly(-1, 0, 1);
        assertThat(values(table.lazyUpdate("Y = X * X"), "Y")).containsExactly(0, 1, 4);
    }

    @Test
    void dropColumnsRemovesThem() {
        Table table = session.emptyTable(1).update("A = 1", "B = 2", "C = 3");

        assertThat(table.dropColumns("A", "C").schema().columnNames()).containsExactly("B");
    }

    @Test
    void naturalJoinAndExactJoinAddMatchingColumns() {
        Table left = session.emptyTable(4).update("K = i % 2", "A = i");
        Table right = session.emptyTable(2).update("K = i", "V = i * 10");

        assertThat(values(left.naturalJoin(right, "K", "V"), "V")).containsExactly(0, 10, 0, 10);
        assertThat(values(left.exactJoin(right, "K", "W = V"), "W")).containsExactly(0, 10, 0, 10);
        assertThat(values(left.naturalJoin(session.emptyTable(1).update("K = 1", "V = 7"), "K", "V"), "V"))
                .containsExactly(null, 7, null, 7);
    }

    @Test
    void mergeConcatenatesTablesInOrder() {
        Table first = session.emptyTable(2).update("X = i");
        Table second = session.emptyTable(3).update("X = 10 + i");

        Table merged = session.merge(first, second);

        assertThat(merged.size()).isEqualTo(5);
        assertThat(values(merged, "X")).containsExactly(0, 1, 10, 11, 12);
        assertThat(values(session.merge(List.of(second)), "X")).containsExactly(10, 11, 12);
    }

    private static List<Object> values(Table table, String column) {
        List<Object> values = new ArrayList<>();
        table.readRows(100).forEach(row -> values.add(row.get(column)));
        return values;
    }
}
