package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.MalformedTicketException;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every kind of bad input ends in a typed exception that keeps the server's explanation. */
class BadInputTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();
    private static DeephavenClient client;
    private static Session session;

    @BeforeAll
    static void start() {
        client = TestSessions.client(server);
        session = client.newSession();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void malformedTicketTextIsRejectedByTheTicketParsers() {
        assertThatThrownBy(() -> SharedTicket.fromHex("zz")).isInstanceOf(MalformedTicketException.class);
        assertThatThrownBy(() -> SharedTicket.fromHex("0x1234")).isInstanceOf(MalformedTicketException.class)
                .hasMessageContaining("fromIdHex");
        assertThatThrownBy(() -> SharedTicket.fromHex("6501")).isInstanceOf(MalformedTicketException.class);
        assertThatThrownBy(() -> SharedTicket.fromBase64("not base64!")).isInstanceOf(MalformedTicketException.class);
        assertThatThrownBy(() -> SharedTicket.fromIdHex("")).isInstanceOf(MalformedTicketException.class);
    }

    @Test
    void fetchingAnUnknownTicketIsTicketNotFound() {
        SharedTicket ticket = SharedTicket.random();

        assertThatThrownBy(() -> session.fetchTable(ticket))
                .isInstanceOf(TicketNotFoundException.class)
                .hasMessageContaining(ticket.idHex())
                .hasMessageContaining(server.target())
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void asyncFetchOfAnUnknownTicketCompletesWithTicketNotFound() {
        assertThat(session.fetchTableAsync(SharedTicket.random()))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void publishingTwiceToOneTicketIsTicketAlreadyPublished() {
        SharedTicket ticket = SharedTicket.random();
        Table table = session.emptyTable(1);
        session.publishTable(ticket, table);

        assertThatThrownBy(() -> session.publishTable(ticket, session.emptyTable(2)))
                .isInstanceOf(TicketAlreadyPublishedException.class)
                .hasMessageContaining(ticket.idHex())
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.ALREADY_EXISTS));
        table.close();
    }

    @Test
    void aFormulaThatDoesNotCompileIsAnInvalidTableOperation() {
        assertThatThrownBy(() -> session.emptyTable(1).update("X = nosuchfunction(i)"))
                .isInstanceOf(InvalidTableOperationException.class)
                .hasMessageContaining("nosuchfunction")
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void unknownColumnsInWhereSortAndDropColumnsAreInvalidTableOperations() {
        Table table = session.emptyTable(1).update("X = i");

        assertInvalid(() -> table.where("Nope > 1"), "Nope");
        assertInvalid(() -> table.sort("Nope"), "Nope");
        assertInvalid(() -> table.sortDescending("Nope"), "Nope");
        assertInvalid(() -> table.dropColumns("Nope"), "Nope");
        assertInvalid(() -> table.naturalJoin(session.emptyTable(1).update("K = 1"), "Nope", "K"), "Nope");
    }

    @Test
    void aColumnSpecTheClientCannotParseIsAnInvalidTableOperation() {
        assertInvalid(() -> session.emptyTable(1).update("X == 1"), "X == 1");
        assertInvalid(() -> session.emptyTable(1).dropColumns("not a name"), "not a name");
    }

    @Test
    void usingAClosedTableIsTableReleased() {
        Table table = session.emptyTable(1);
        table.close();

        for (ThrowingCallable use : new ThrowingCallable[] {() -> table.update("X = 1"), table::size, table::schema,
                table::isStatic, () -> table.readRows(1), table::openArrowStream, () -> table.head(1),
                () -> session.publishTable(SharedTicket.random(), table), () -> session.merge(table),
                () -> session.emptyTable(1).naturalJoin(table, "X", "Y")}) {
            assertThatThrownBy(use).isInstanceOf(TableReleasedException.class)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.FAILED_PRECONDITION));
        }
    }

    @Test
    void usingAClosedSessionIsSessionClosed() {
        Session closed = client.newSession();
        Table table = closed.emptyTable(1);
        closed.close();

        for (ThrowingCallable use : new ThrowingCallable[] {() -> closed.emptyTable(1),
                () -> closed.fetchTable(SharedTicket.random()), () -> closed.fetchTableAsync(SharedTicket.random()),
                () -> closed.timeTable(Duration.ofSeconds(1)), () -> table.update("X = 1"), () -> table.readRows(1),
                () -> closed.publishTable(SharedTicket.random(), table)}) {
            assertThatThrownBy(use).isInstanceOf(SessionClosedException.class)
                    .hasMessageContaining(server.target());
        }
    }

    @Test
    void aTableOfAnotherSessionIsRejectedBeforeAnyCall() {
        try (Session other = client.newSession()) {
            Table foreign = other.emptyTable(1).update("K = 1");
            Table local = session.emptyTable(1).update("K = 1");

            assertThatThrownBy(() -> session.publishTable(SharedTicket.random(), foreign))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another session");
            assertThatThrownBy(() -> local.naturalJoin(foreign, "K", "K2 = K"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another session");
            assertThatThrownBy(() -> session.merge(local, foreign)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void outOfRangeArgumentsAreIllegalArguments() {
        Table table = session.emptyTable(1);

        assertThatThrownBy(() -> session.emptyTable(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.timeTable(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.merge()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.head(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.readRows(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectingWhereNothingListensIsServerUnavailableNamingTheTarget() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> Session.connect("127.0.0.1", freePort))
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("dh+plain://127.0.0.1:" + freePort)
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.UNAVAILABLE));
    }

    private static void assertInvalid(ThrowingCallable operation, String mentioned) {
        assertThatThrownBy(operation).isInstanceOf(InvalidTableOperationException.class)
                .hasMessageContaining(mentioned);
    }

    private static Status.Code code(Throwable e) {
        return ((DeephavenException) e).statusCode();
    }
}
