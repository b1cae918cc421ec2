package dev.deephavencdi.server.reliability;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.RawClient;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A DoGet racing the release of the export it reads (found by the soak: the table could die between resolving
 * the ticket and the writer taking its own reference, which answered INVALID_ARGUMENT "... is no longer live").
 * Whatever the interleaving, the read succeeds or fails as a released table does: NOT_FOUND or
 * FAILED_PRECONDITION.
 */
class DoGetReleaseRaceTest {
    private static final Set<Code> ALLOWED = EnumSet.of(Code.OK, Code.NOT_FOUND, Code.FAILED_PRECONDITION);

    @Test
    void aDoGetRacingTheReleaseOfItsTableFailsOnlyAsAReleasedTable() throws Exception {
        Map<Code, Integer> outcomes = new TreeMap<>();
        try (StartedServer server = EmbeddedServerExtension.start();
                RawClient publisher = new RawClient(server);
                RawClient reader = new RawClient(server)) {
            publisher.login();
            reader.login();
            for (int i = 0; i < 150; i++) {
                Ticket table = publisher.nextExport();
                publisher.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(table).setSize(100).build());
                SharedTicket shared = SharedTicket.random();
                publisher.sessions().publishFromTicket(PublishRequest.newBuilder().setSourceId(table)
                        .setResultId(shared.toProto()).build());
                CompletableFuture<Code> read = CompletableFuture.supplyAsync(() -> {
                    try {
                        reader.doGetMessages(shared.toProto(), Duration.ofSeconds(10));
                        return Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                });
                publisher.sessions().release(ReleaseRequest.newBuilder().setId(table).build());
                outcomes.merge(read.get(), 1, Integer::sum);
            }
            publisher.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            reader.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
        }
        System.out.println("DoGetReleaseRaceTest outcomes: " + outcomes);
        assertThat(outcomes.keySet()).isSubsetOf(ALLOWED);
    }
}
