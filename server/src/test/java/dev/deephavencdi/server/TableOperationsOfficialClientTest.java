package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.OfficialClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deephaven.api.ColumnName;
import io.deephaven.api.filter.Filter;
import io.deephaven.api.filter.FilterComparison;
import io.deephaven.api.filter.FilterIn;
import io.deephaven.api.literal.Literal;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each table operation the official Java client emits for the {@code TableSpec} calls we support, run on the real
 * engine and checked by the rows that come back over Flight.
 */
class TableOperationsOfficialClientTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .checkNothingHeldAfterEach();
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
        TableHandle handle = session.execute(spec);
        return ArrowRows.read(flight.stream(handle));
    }

    private static final TableSpec TEN = TableSpec.empty(10).update("X = i", "Y = 10 - i", "K = i % 3");

    @Test
    void updateFamilyComputesFormulas() throws Exception {
        assertThat(rows(TableSpec.empty(3).update("X = i * 2"))).containsExactly(List.of(0), List.of(2), List.of(4));
        assertThat(rows(TableSpec.empty(3).lazyUpdate("X = i + 1"))).containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(rows(TEN.view("Y").head(2))).containsExactly(List.of(10), List.of(9));
        assertThat(rows(TEN.updateView("Z = X * Y").view("Z").head(3))).containsExactly(List.of(0), List.of(9), List.of(16));
        assertThat(rows(TEN.select("X").tail(1))).containsExactly(List.of(9));
    }

    @Test
    void stringFiltersAreSentUnstructuredAndRunOnTheEngine() throws Exception {
        assertThat(rows(TEN.where("X > 5 && K == 0").view("X"))).containsExactly(List.of(6), List.of(9));
        assertThat(rows(TEN.where("X in 1, 2").view("X"))).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void typedFiltersAreSentAsConditions() throws Exception {
        Filter structured = Filter.and(
                FilterComparison.gt(ColumnName.of("X"), Literal.of(5L)),
                Filter.not(FilterIn.of(ColumnName.of("K"), Literal.of(1L))));
        assertThat(rows(TEN.where(structured).view("X"))).containsExactly(List.of(6), List.of(8), List.of(9));
    }

    @Test
    void sortsHeadsTailsAndReverse() throws Exception {
        assertThat(rows(TEN.sortDescending("X").view("X").head(2))).containsExactly(List.of(9), List.of(8));
        assertThat(rows(TEN.sort("K", "Y").view("X").head(3))).containsExactly(List.of(9), List.of(6), List.of(3));
        assertThat(rows(TEN.reverse().view("X").head(1))).containsExactly(List.of(9));
        assertThat(rows(TEN.view("X").tail(2))).containsExactly(List.of(8), List.of(9));
    }

    @Test
    void dropColumnsMergeAndJoins() throws Exception {
        TableHandle dropped = session.execute(TEN.dropColumns("Y", "K"));
        assertThat(flight.schema(dropped).getFields()).extracting(f -> f.getName()).containsExactly("X");

        assertThat(rows(TableSpec.merge(TableSpec.empty(2).update("X = i"), TableSpec.empty(1).update("X = 7"))))
                .containsExactly(List.of(0), List.of(1), List.of(7));

        TableSpec names = TableSpec.empty(3).update("K = i", "Name = `k` + i");
        assertThat(rows(TEN.head(4).naturalJoin(names, "K", "Name").view("X", "Name")))
                .containsExactly(List.of(0, "k0"), List.of(1, "k1"), List.of(2, "k2"), List.of(3, "k0"));
        assertThat(rows(TEN.head(3).exactJoin(names, "K", "Renamed = Name").view("Renamed")))
                .containsExactly(List.of("k0"), List.of("k1"), List.of("k2"));
    }

    @Test
    void aMultiStepSpecIsOneBatchAndOnlyTheLeafIsExported() throws Exception {
        TableHandle leaf = session.execute(TableSpec.empty(100).update("X = i").where("X % 2 == 0").sortDescending("X").head(3));
        assertThat(leaf.response().getSize()).isEqualTo(3);
        assertThat(server.stats().exports()).isEqualTo(1);
        assertThat(ArrowRows.read(flight.stream(leaf))).containsExactly(List.of(98), List.of(96), List.of(94));
    }

    @Test
    void aFailingOperationFailsItsHandleWithTheEnginesReason() {
        assertThatThrownBy(() -> session.execute(TableSpec.empty(1).update("X = nosuchfunction(i)")))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("nosuchfunction");
        assertThatThrownBy(() -> session.execute(TEN.where("Missing > 1")))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT");
    }

    @Test
    void largeTablesStreamOverFlight() throws Exception {
        TableHandle big = session.execute(TableSpec.empty(2_000_000).update("X = i", "Y = 2 * i"));
        long rows = 0;
        long sum = 0;
        try (var stream = flight.stream(big)) {
            while (stream.next()) {
                var x = (org.apache.arrow.vector.IntVector) stream.getRoot().getVector("X");
                for (int i = 0; i < x.getValueCount(); i++) {
                    sum += x.get(i);
                }
                rows += stream.getRoot().getRowCount();
            }
        }
        assertThat(rows).isEqualTo(2_000_000);
        assertThat(sum).isEqualTo(1_999_999L * 2_000_000L / 2);
    }
}
