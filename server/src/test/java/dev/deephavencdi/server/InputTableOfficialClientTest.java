package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.LiveView;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.client.impl.TicketId;
import io.deephaven.qst.column.Column;
import io.deephaven.qst.column.header.ColumnHeader;
import io.deephaven.qst.table.InMemoryAppendOnlyInputTable;
import io.deephaven.qst.table.InMemoryKeyBackedInputTable;
import io.deephaven.qst.table.NewTable;
import io.deephaven.qst.table.TableHeader;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TicketTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input tables through the official Java client: {@code CreateInputTable} from a schema and from a table, rows added
 * and deleted through {@code InputTableService}, and a published input table ticking for another session's
 * subscription.
 */
class InputTableOfficialClientTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.updateCycle(Duration.ofMillis(50)))
            .checkNothingHeldAfterEach();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TableHeader HEADER = TableHeader.of(ColumnHeader.ofString("Sym"), ColumnHeader.ofInt("Qty"));

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

    private static NewTable rows(String[] symbols, int[] quantities) {
        return NewTable.of(Column.of("Sym", symbols), Column.ofInt("Qty", quantities));
    }

    @Test
    void appendOnlyInputTableCollectsEveryAddedRow() throws Exception {
        TableHandle input = session.execute(InMemoryAppendOnlyInputTable.of(HEADER));
        assertThat(input.response().getIsStatic()).isFalse();
        flight.addToInputTable(input, rows(new String[] {"A", "B"}, new int[] {1, 2}), client.allocator()).get();
        flight.addToInputTable(input, rows(new String[] {"A"}, new int[] {5}), client.allocator()).get();
        assertThat(ArrowRows.read(flight.stream(input)))
                .containsExactly(List.of("A", 1), List.of("B", 2), List.of("A", 5));
        assertThat(ArrowRows.read(flight.stream(input.view("Qty").aggAllBy(
                io.deephaven.api.agg.spec.AggSpec.sum())))).containsExactly(List.of(8L));
    }

    @Test
    void keyedInputTableReplacesByKeyAndDeletes() throws Exception {
        TableHandle input = session.execute(InMemoryKeyBackedInputTable.of(HEADER, List.of("Sym")));
        flight.addToInputTable(input, rows(new String[] {"A", "B"}, new int[] {1, 2}), client.allocator()).get();
        flight.addToInputTable(input, rows(new String[] {"A"}, new int[] {7}), client.allocator()).get();
        assertThat(ArrowRows.read(flight.stream(input.sort("Sym"))))
                .containsExactly(List.of("A", 7), List.of("B", 2));
        flight.deleteFromInputTable(input, NewTable.of(Column.of("Sym", "B")), client.allocator()).get();
        assertThat(ArrowRows.read(flight.stream(input))).containsExactly(List.of("A", 7));
    }

    @Test
    void inputTableFromATableTakesItsColumns() throws Exception {
        TableHandle input = session.execute(InMemoryAppendOnlyInputTable.of(
                TableSpec.empty(1).update("Sym = `x`", "Qty = 1")));
        flight.addToInputTable(input, rows(new String[] {"Z"}, new int[] {9}), client.allocator()).get();
        assertThat(ArrowRows.read(flight.stream(input))).containsExactly(List.of("Z", 9));
    }

    @Test
    void rowsThatDoNotMatchTheInputTableAreRefusedAndNothingIsAdded() throws Exception {
        TableHandle input = session.execute(InMemoryAppendOnlyInputTable.of(HEADER));
        assertThatThrownBy(() -> flight.addToInputTable(input, NewTable.of(Column.of("Other", "x")),
                client.allocator()).get())
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("INVALID_ARGUMENT");
        assertThatThrownBy(() -> flight.deleteFromInputTable(input, NewTable.of(Column.of("Sym", "x")),
                client.allocator()).get())
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("append-only");
        assertThat(ArrowRows.read(flight.stream(input))).isEmpty();
        assertThatThrownBy(() -> session.execute(InMemoryKeyBackedInputTable.of(HEADER, List.of("Nope"))))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("Nope");
    }

    /** A deliberate difference: the real server makes blink input tables; this one says what it makes instead. */
    @Test
    void blinkInputTablesAreUnimplemented() {
        assertThatThrownBy(() -> session.execute(io.deephaven.qst.table.BlinkInputTable.of(HEADER)))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("UNIMPLEMENTED").hasMessageContaining("in_memory_append_only");
    }

    @Test
    void aPublishedInputTableTicksForAnotherSessionsSubscription() throws Exception {
        TableHandle input = session.execute(InMemoryAppendOnlyInputTable.of(HEADER));
        SharedTicket ticket = SharedTicket.random();
        session.publish(new TicketId(ticket.toBytes()), input).get();
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));
        try (LiveView view = LiveView.of(client.barrage(subscriber), fetched)) {
            // the snapshot of the still-empty table delivers no update to wait for
            for (int i = 1; i <= 3; i++) {
                flight.addToInputTable(input, rows(new String[] {"S" + i}, new int[] {i}), client.allocator()).get();
                int expected = i;
                Poll.until(WAIT, () -> view.lastSize() == expected, () -> "sizes so far: " + view.sizes());
            }
            assertThat(view.rows()).containsExactly(List.of("S1", 1), List.of("S2", 2), List.of("S3", 3));
            assertThat(view.failure()).isNull();
        }
    }
}
