package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import io.deephaven.api.agg.Aggregation;
import io.deephaven.api.agg.spec.AggSpec;
import io.deephaven.api.snapshot.SnapshotWhenOptions;
import io.deephaven.api.updateby.UpdateByOperation;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.column.Column;
import io.deephaven.qst.table.MultiJoinInput;
import io.deephaven.qst.table.MultiJoinTable;
import io.deephaven.qst.table.NewTable;
import io.deephaven.qst.table.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The table API beyond select/filter/sort through the official Java client ({@code TableSpec}, one Batch each, and
 * {@code putExport} over Flight DoPut): every result is checked against figures computed here from the rows the test
 * generated.
 */
class TableApiOfficialClientTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .checkNothingHeldAfterEach();
    private static final int N = 40;
    /** K = i % 4, V = 3i + 1, W = i % 5 + 1, for i in [0, N) */
    private static final TableSpec ROWS = TableSpec.empty(N).update("K = i % 4", "V = 3 * i + 1", "W = i % 5 + 1");

    private OfficialClient client;
    private Session session;
    private FlightSession flight;



    @BeforeEach
    void connect() {
        client = server.officialClient();
        session = client.newSession();
        flight = client.flight(session);
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    private List<List<Object>> rows(TableSpec spec) throws Exception {
        return ArrowRows.read(flight.stream(session.execute(spec)));
    }

    private static int k(int i) {
        return i % 4;
    }

    private static int v(int i) {
        return 3 * i + 1;
    }

    private static int w(int i) {
        return i % 5 + 1;
    }

    @Test
    void aggByComputesEveryColumnAggregationPerKey() throws Exception {
        List<List<Object>> rows = rows(ROWS.aggBy(List.of(
                Aggregation.AggSum("Sum = V"), Aggregation.AggAvg("Avg = V"), Aggregation.AggMin("Min = V"),
                Aggregation.AggMax("Max = V"), Aggregation.AggFirst("First = V"), Aggregation.AggLast("Last = V"),
                Aggregation.AggCount("Count"), Aggregation.AggCountDistinct("Distinct = W"),
                Aggregation.AggWSum("W", "WSum = V"), Aggregation.AggWAvg("W", "WAvg = V"),
                Aggregation.AggAbsSum("AbsSum = V"), Aggregation.AggVar("Var = V"), Aggregation.AggStd("Std = V"),
                Aggregation.AggMed("Med = V"), Aggregation.AggPct(0.25, "P25 = V"),
                Aggregation.AggSortedFirst("W", "SortedFirst = V"), Aggregation.AggCountWhere("Big", "V > 60"),
                Aggregation.AggFormula("Formula = sum(V) * 2")), "K").sort("K"));
        assertThat(rows).hasSize(4);
        for (int key = 0; key < 4; key++) {
            List<Integer> values = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                if (k(i) == key) {
                    values.add(v(i));
                    weights.add(w(i));
                }
            }
            long sum = values.stream().mapToLong(Integer::longValue).sum();
            double mean = (double) sum / values.size();
            double variance = values.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (values.size() - 1);
            long wsum = 0;
            long weightTotal = 0;
            for (int j = 0; j < values.size(); j++) {
                wsum += (long) values.get(j) * weights.get(j);
                weightTotal += weights.get(j);
            }
            int sortedFirst = values.get(weights.indexOf(weights.stream().min(Integer::compare).orElseThrow()));
            List<Object> row = rows.get(key);
            assertThat(row.get(0)).isEqualTo(key);
            assertThat(row.get(1)).isEqualTo(sum);
            assertThat((double) row.get(2)).isCloseTo(mean, within(1e-9));
            assertThat(row.get(3)).isEqualTo(values.get(0));
            assertThat(row.get(4)).isEqualTo(values.get(values.size() - 1));
            assertThat(row.get(5)).isEqualTo(values.get(0));
            assertThat(row.get(6)).isEqualTo(values.get(values.size() - 1));
            assertThat(row.get(7)).isEqualTo((long) values.size());
            assertThat(row.get(8)).isEqualTo(weights.stream().distinct().count());
            assertThat(((Number) row.get(9)).longValue()).isEqualTo(wsum);
            assertThat((double) row.get(10)).isCloseTo((double) wsum / weightTotal, within(1e-9));
            assertThat(row.get(11)).isEqualTo(sum);
            assertThat((double) row.get(12)).isCloseTo(variance, within(1e-6));
            assertThat((double) row.get(13)).isCloseTo(Math.sqrt(variance), within(1e-9));
            assertThat(((Number) row.get(14)).doubleValue())
                    .isCloseTo((values.get(4) + values.get(5)) / 2.0, within(1e-9));
            assertThat(((Number) row.get(15)).intValue()).isBetween(values.get(2), values.get(3));
            assertThat(row.get(16)).isEqualTo(sortedFirst);
            assertThat(row.get(17)).isEqualTo(values.stream().filter(x -> x > 60).count());
            assertThat(((Number) row.get(18)).longValue()).isEqualTo(2 * sum);
        }
    }

    @Test
    void countByAndAggAllByGroupTheRows() throws Exception {
        assertThat(rows(ROWS.countBy("N", "K").sort("K")))
                .containsExactly(List.of(0, 10L), List.of(1, 10L), List.of(2, 10L), List.of(3, 10L));
        Map<Integer, Long> sums = new TreeMap<>();
        for (int i = 0; i < N; i++) {
            sums.merge(k(i), (long) v(i), Long::sum);
        }
        List<List<Object>> summed = rows(ROWS.view("K", "V").aggAllBy(AggSpec.sum(), "K").sort("K"));
        assertThat(summed).containsExactly(sums.entrySet().stream()
                .map(e -> List.<Object>of(e.getKey(), e.getValue())).toArray(List[]::new));
        List<List<Object>> grouped = rows(ROWS.view("K", "V").groupBy("K").ungroup("V").where("K == 1"));
        assertThat(grouped).extracting(r -> r.get(1)).containsExactly(
                java.util.stream.IntStream.range(0, N).filter(i -> k(i) == 1).mapToObj(i -> (Object) v(i)).toArray());
    }

    @Test
    void crossJoinPairsEveryMatchingRow() throws Exception {
        TableSpec left = TableSpec.empty(3).update("A = i");
        TableSpec right = TableSpec.empty(2).update("B = 10 * i");
        assertThat(rows(left.join(right).sort("A", "B"))).containsExactly(
                List.of(0, 0), List.of(0, 10), List.of(1, 0), List.of(1, 10), List.of(2, 0), List.of(2, 10));
        TableSpec keyed = TableSpec.empty(4).update("K = i % 2", "R = i");
        assertThat(rows(ROWS.head(4).view("K", "V").join(keyed, "K", "R").sort("V", "R")))
                .containsExactly(List.of(0, 1, 0), List.of(0, 1, 2), List.of(1, 4, 1), List.of(1, 4, 3));
    }

    @Test
    void asOfJoinsTakeTheClosestRowOnEitherSide() throws Exception {
        TableSpec quotes = TableSpec.empty(5).update("T = i * 10", "Bid = i * 100");
        TableSpec trades = TableSpec.empty(3).update("T = 5 + i * 12");   // 5, 17, 29
        assertThat(rows(trades.aj(quotes, "T", "Bid"))).containsExactly(
                List.of(5, 0), List.of(17, 100), List.of(29, 200));
        assertThat(rows(trades.raj(quotes, "T", "Bid"))).containsExactly(
                List.of(5, 100), List.of(17, 200), List.of(29, 300));
    }

    @Test
    void whereInKeepsOnlyRowsWhoseKeysAreInTheOtherTable() throws Exception {
        TableSpec keys = TableSpec.empty(2).update("K = i * 2");   // 0, 2
        List<List<Object>> in = rows(ROWS.view("K", "V").whereIn(keys, "K"));
        assertThat(in).hasSize(20).allSatisfy(r -> assertThat((int) r.get(0) % 2).isZero());
        List<List<Object>> notIn = rows(ROWS.view("K", "V").whereNotIn(keys, "K"));
        assertThat(notIn).hasSize(20).allSatisfy(r -> assertThat((int) r.get(0) % 2).isOne());
    }

    @Test
    void updateByComputesCumulativeRollingAndEmaColumns() throws Exception {
        List<List<Object>> rows = rows(ROWS.view("K", "V").updateBy(List.of(
                UpdateByOperation.CumSum("CumV = V"), UpdateByOperation.RollingSum(3, "Roll3 = V"),
                UpdateByOperation.Ema(2.0, "EmaV = V")), "K"));
        assertThat(rows).hasSize(N);
        Map<Integer, Long> cumulative = new TreeMap<>();
        Map<Integer, List<Integer>> seen = new TreeMap<>();
        Map<Integer, Double> ema = new TreeMap<>();
        double alpha = Math.exp(-1.0 / 2.0);
        for (int i = 0; i < N; i++) {
            List<Object> row = rows.get(i);
            int key = k(i);
            long cum = cumulative.merge(key, (long) v(i), Long::sum);
            List<Integer> previous = seen.computeIfAbsent(key, x -> new ArrayList<>());
            previous.add(v(i));
            long rolling = previous.subList(Math.max(0, previous.size() - 3), previous.size()).stream()
                    .mapToLong(Integer::longValue).sum();
            double e = ema.containsKey(key) ? alpha * ema.get(key) + (1 - alpha) * v(i) : v(i);
            ema.put(key, e);
            assertThat(row.get(2)).as("CumV row %d", i).isEqualTo(cum);
            assertThat(row.get(3)).as("Roll3 row %d", i).isEqualTo(rolling);
            assertThat((double) row.get(4)).as("EmaV row %d", i).isCloseTo(e, within(1e-9));
        }
    }

    @Test
    void snapshotsAndMultiAndRangeJoins() throws Exception {
        assertThat(rows(ROWS.view("V").head(3).snapshot())).containsExactly(List.of(1), List.of(4), List.of(7));
        TableSpec trigger = TableSpec.empty(1).update("Stamp = 42");
        assertThat(rows(ROWS.view("V").head(2).snapshotWhen(trigger, SnapshotWhenOptions.Flag.INITIAL)))
                .containsExactly(List.of(1, 42), List.of(4, 42));

        TableSpec a = TableSpec.empty(3).update("K = i", "A = i * 2");
        TableSpec b = TableSpec.empty(2).update("K = i + 1", "B = i * 3");
        assertThat(rows(MultiJoinTable.of(MultiJoinInput.of(a, "K", "A"), MultiJoinInput.of(b, "K", "B"))
                .sort("K"))).containsExactly(Arrays.asList(0, 0, null), List.of(1, 2, 0), List.of(2, 4, 3));

        TableSpec ranges = TableSpec.empty(2).update("Lo = i * 10", "Hi = Lo + 9");   // [0,9], [10,19]
        TableSpec points = TableSpec.empty(20).update("P = i", "X = i * 2");
        // the engine's range join supports only the group aggregation (as on the real server)
        assertThat(rows(ranges.rangeJoin(points, List.of("Lo <= P <= Hi"), List.of(Aggregation.AggGroup("Xs = X")))
                .update("S = sum(Xs)").view("Lo", "Hi", "S")))
                .containsExactly(List.of(0, 9, 90L), List.of(10, 19, 290L));
    }

    @Test
    void putExportImportsAnArrowTableThatOperationsAndPublishingUse() throws Exception {
        int[] ids = new int[500];
        double[] prices = new double[ids.length];
        String[] names = new String[ids.length];
        double total = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
            prices[i] = i * 0.5;
            names[i] = "n" + (i % 7);
            total += prices[i];
        }
        NewTable table = NewTable.of(Column.ofInt("Id", ids), Column.ofDouble("Price", prices),
                Column.of("Name", names));
        TableHandle imported = flight.putExport(table, client.allocator());
        assertThat(imported.response().getSize()).isEqualTo(ids.length);
        assertThat(flight.schema(imported).getFields()).extracting(f -> f.getName())
                .containsExactly("Id", "Price", "Name");

        // putExport re-exports the DoPut export and releases it, so follow-up operations go through the handle
        List<List<Object>> sum = ArrowRows.read(flight.stream(imported.view("Price").aggAllBy(AggSpec.sum())));
        assertThat((double) sum.get(0).get(0)).isCloseTo(total, within(1e-9));
        List<List<Object>> n3 = ArrowRows.read(flight.stream(imported.where("Name == `n3`").countBy("C")));
        assertThat(n3).containsExactly(List.of((long) java.util.stream.IntStream.range(0, ids.length)
                .filter(i -> i % 7 == 3).count()));

        // published and fetched by another session, like any export
        io.deephaven.client.impl.SharedId id = io.deephaven.client.impl.SharedId.newRandom();
        session.publish(id, imported).get();
        try (OfficialClient other = server.officialClient()) {
            Session reader = other.newSession();
            List<List<Object>> fetched = ArrowRows.read(other.flight(reader).stream(
                    reader.execute(id.ticketId().table())));
            assertThat(fetched).hasSize(ids.length);
            assertThat(fetched.get(3)).containsExactly(3, 1.5, "n3");
        }
    }

    @Test
    void badInputFailsTheHandleWithTheEnginesReason() {
        assertThatThrownBy(() -> session.execute(ROWS.aggBy(Aggregation.AggSum("S = Missing"), "K")))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("Missing");
        assertThatThrownBy(() -> session.execute(ROWS.view("K", "V").join(TableSpec.empty(1).update("Z = `s`"), "K = Z")))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT");
        assertThatThrownBy(() -> session.execute(ROWS.aj(TableSpec.empty(1).update("T = 1"), "Nope", "T")))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("Nope");
        assertThatThrownBy(() -> session.execute(ROWS.updateBy(UpdateByOperation.CumSum("C = Nope"))))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("Nope");
    }
}
