package dev.deephavencdi.server.reliability;

import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.server.RawClient;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.qst.table.TableSpec;
import io.grpc.Status.Code;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Requests plainly beyond the memory budgets are refused before they run, with RESOURCE_EXHAUSTED saying how big
 * they are and what the budget is; the heap is where it was afterwards and other sessions never notice. (Issue
 * 14: {@code emptyTable(1_000_000_000).update(...)} used to hang its call forever and pin gigabytes.)
 */
class MemoryBudgetTest {
    private static final String[] THREE_COLUMNS = {"X = i", "Y = (long) i", "Z = (double) i"};

    @Test
    void aBillionRowUpdateIsRefusedUpFrontAndTheHeapIsWhereItWas() throws Exception {
        try (StartedServer server = EmbeddedServerExtension.start();
                OfficialClient client = server.officialClient()) {
            Session bystander = client.newSession();
            TableHandle before = bystander.execute(TableSpec.empty(1000).update("X = i"));
            long heapBefore = usedHeapAfterGc();

            Session session = client.newSession();
            assertThatThrownBy(() -> session.execute(TableSpec.empty(1_000_000_000).update(THREE_COLUMNS)))
                    .isInstanceOf(TableHandle.TableHandleException.class)
                    .hasMessageContaining("RESOURCE_EXHAUSTED")
                    .hasMessageContaining("1000000000 rows x 3 columns, 20 bytes a row")
                    .hasMessageContaining("per-request memory budget")
                    .hasMessageContaining("deephaven.cdi.embedded.max-request-memory");
            try (RawClient raw = new RawClient(server)) {
                raw.login();
                Ticket empty = raw.nextExport();
                raw.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(empty).setSize(400_000_000)
                        .build());
                var failure = assertStatus(Code.RESOURCE_EXHAUSTED, () -> raw.tables().update(
                        SelectOrUpdateRequest.newBuilder().setResultId(raw.nextExport())
                                .setSourceId(TableReference.newBuilder().setTicket(empty))
                                .addAllColumnSpecs(java.util.List.of(THREE_COLUMNS)).build()));
                assertThat(failure.getStatus().getDescription()).contains("400000000 rows");
            }

            long heapAfter = usedHeapAfterGc();
            System.out.printf("heap used after GC: before %d MiB, after the refused requests %d MiB%n",
                    heapBefore >> 20, heapAfter >> 20);
            assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(128L << 20);
            // the session that was refused and the one beside it both go on
            assertThat(session.execute(TableSpec.empty(10).update(THREE_COLUMNS)).response().getSize()).isEqualTo(10);
            try (var rows = client.flight(bystander).stream(before)) {
                assertThat(rows.next()).isTrue();
            }
            assertThat(bystander.execute(TableSpec.empty(10).update("X = i")).response().getSize()).isEqualTo(10);
        }
    }

    @Test
    void aSessionIsRefusedOnceItsResultsHoldItsBudgetAndMayGoOnAfterReleasing() throws Exception {
        long mib = 1L << 20;
        try (StartedServer server = EmbeddedServerExtension.start(builder -> builder
                        .maxRequestMemory(64 * mib).maxSessionMemory(100 * mib));
                OfficialClient client = server.officialClient()) {
            Session session = client.newSession();
            Session other = client.newSession();
            TableSpec fortyMegabytes = TableSpec.empty(5_000_000).update("L = (long) i");
            TableHandle first = session.execute(fortyMegabytes);
            TableHandle second = session.execute(TableSpec.empty(5_000_000).update("M = (long) i"));
            assertThatThrownBy(() -> session.execute(TableSpec.empty(5_000_000).update("N = (long) i")))
                    .hasMessageContaining("RESOURCE_EXHAUSTED")
                    .hasMessageContaining("per-session memory budget of 100 MiB")
                    .hasMessageContaining("release tables you no longer need");
            assertThatThrownBy(() -> session.execute(TableSpec.empty(10_000_000).update("N = (long) i")))
                    .hasMessageContaining("per-request memory budget is 64 MiB");

            // another session has its own budget
            assertThat(other.execute(fortyMegabytes).response().getSize()).isEqualTo(5_000_000);

            first.close();
            second.close();
            assertThat(session.execute(TableSpec.empty(5_000_000).update("N = (long) i")).response().getSize())
                    .isEqualTo(5_000_000);
        }
    }

    /** The least heap in use over a few full collections (System.gc() is a blocking full GC on G1). */
    static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
