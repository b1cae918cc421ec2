package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.engine.liveness.LivenessReferent;
import io.deephaven.engine.table.Table;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.TimeTableRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The update graph runs: tables made by the unary {@code TimeTable} RPC (pydeephaven's path) tick, operations on
 * them stay live after their intermediate parents are released, and stop when their own export is released.
 */
class TickingTablesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.updateCycle(Duration.ofMillis(100)));

    @Test
    void unaryTimeTableTicksAndItsChildOutlivesItAndStopsWithItsOwnExport() throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.login();
            Ticket clock = client.nextExport();
            ExportedTableCreationResponse created = client.tables().timeTable(TimeTableRequest.newBuilder()
                    .setResultId(clock).setPeriodNanos(Duration.ofMillis(50).toNanos()).build());
            assertThat(created.getSuccess()).isTrue();
            assertThat(created.getIsStatic()).isFalse();

            Ticket counted = client.nextExport();
            ExportedTableCreationResponse update = client.tables().update(SelectOrUpdateRequest.newBuilder()
                    .setResultId(counted).setSourceId(TableReference.newBuilder().setTicket(clock))
                    .addColumnSpecs("X = ii").build());
            assertThat(update.getIsStatic()).isFalse();
            // pydeephaven releases the intermediate table as soon as its Python object is collected
            client.sessions().release(ReleaseRequest.newBuilder().setId(clock).build());

            SharedTicket shared = SharedTicket.random();
            client.sessions().publishFromTicket(PublishRequest.newBuilder()
                    .setSourceId(counted).setResultId(shared.toProto()).build());
            Table table = server.embedded().publishedTable(shared);

            long first = client.doGet(counted).size();
            Poll.until(WAIT, () -> readSize(client, counted) >= first + 3, () -> "the table does not tick");

            client.sessions().release(ReleaseRequest.newBuilder().setId(counted).build());
            Poll.until(WAIT, () -> !isLive(table), () -> "the released table is still live");
            assertThat(server.stats().sharedTickets()).isZero();
        }
    }

    private static long readSize(RawClient client, Ticket ticket) {
        try {
            return client.doGet(ticket).size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isLive(Table table) {
        LivenessReferent referent = (LivenessReferent) table;
        if (referent.tryRetainReference()) {
            referent.dropReference();
            return true;
        }
        return false;
    }
}
