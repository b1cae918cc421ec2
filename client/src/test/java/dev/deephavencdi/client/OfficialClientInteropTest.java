package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.OfficialClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tickets cross between this client and the official Deephaven Java client used directly, both ways. */
class OfficialClientInteropTest {
    @RegisterExtension
    static final ServerUnderTest server = ServerUnderTest.embeddedUnlessOnRealServer(EmbeddedServerExtension.create()
            .checkNothingHeldAfterEach());
    private OfficialClient official;
    private Session session;

    @BeforeEach
    void connect() {
        official = server.officialClient();
        session = TestSessions.connect(server);
    }

    @AfterEach
    void disconnect() throws Exception {
        session.close();
        official.close();
    }

    @Test
    @SuppressWarnings("try") // FlightStream.close() declares InterruptedException
    void tablePublishedByThisClientIsFetchedAndReadByTheOfficialClient() throws Exception {
        Table table = session.emptyTable(1000).update("X = i", "Y = 2*i");
        SharedTicket ticket = SharedTicket.random();
        session.publishTable(ticket, table);

        io.deephaven.client.impl.Session theirs = official.newSession();
        TableHandle fetched = theirs.execute(new SharedId(ticket.id()).ticketId().table());
        FlightSession flight = official.flight(theirs);

        long sumX = 0;
        long sumY = 0;
        try (FlightStream stream = flight.stream(fetched)) {
            while (stream.next()) {
                for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                    sumX += ((Number) stream.getRoot().getVector("X").getObject(row)).longValue();
                    sumY += ((Number) stream.getRoot().getVector("Y").getObject(row)).longValue();
                }
            }
        }
        assertThat(sumX).isEqualTo(499_500);
        assertThat(sumY).isEqualTo(999_000);
    }

    @Test
    void tablePublishedByTheOfficialClientIsFetchedAndReadByThisClient() throws Exception {
        io.deephaven.client.impl.Session theirs = official.newSession();
        TableHandle table = theirs.execute(TableSpec.empty(4).update("X = i * 10"));
        SharedId sharedId = SharedId.newRandom();
        theirs.publish(sharedId, table).get();

        Table fetched = session.fetchTable(SharedTicket.fromIdHex(sharedId.asHexString()));

        assertThat(fetched.readRows(10)).extracting(row -> row.get("X")).containsExactly(0, 10, 20, 30);
        assertThat(fetched.schema().columnNames()).containsExactly("X");
    }

    @Test
    void ticketPublishedByTheOfficialClientEndsWhenItsHandleIsClosed() throws Exception {
        io.deephaven.client.impl.Session theirs = official.newSession();
        TableHandle table = theirs.execute(TableSpec.empty(1));
        SharedId sharedId = SharedId.newRandom();
        theirs.publish(sharedId, table).get();
        SharedTicket ticket = SharedTicket.fromBytes(sharedId.ticketId().table().ticket()); // 'h' + id

        table.close();

        server.awaitTicketGone(ticket);
        assertThatThrownBy(() -> session.fetchTable(ticket))
                .isInstanceOf(TicketNotFoundException.class);
    }
}
