package dev.deephavencdi.it.quarkus;

import dev.deephavencdi.testing.OfficialClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.cdi.TableReleased;
import dev.deephavencdi.client.InvalidTableOperationException;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.it.fixtures.NamedSessions;
import dev.deephavencdi.it.fixtures.PriceTables;
import dev.deephavencdi.it.fixtures.RequestTables;
import dev.deephavencdi.it.fixtures.TicketEvents;
import dev.deephavencdi.proto.SharedTicket;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The library inside a real Quarkus application, configured only with the embedded server's pre-shared key (so
 * this test can connect from outside): sessions use the embedded server and its key on their own.
 */
@QuarkusTest
class EmbeddedDefaultQuarkusTest {
    /** deephaven.cdi.embedded.psk in this module's application.properties. */
    private static final String AUTHENTICATION =
            "io.deephaven.authentication.psk.PskAuthenticationHandler quarkus-embedded-default-test-key";


    @Inject
    Session session;

    @Inject
    PriceTables prices;

    @Inject
    RequestTables requestTables;

    @Inject
    NamedSessions named;

    @Inject
    PublishedTickets tickets;

    @Inject
    TicketEvents events;

    @Inject
    Instance<RequestContextController> requestControllers;

    @Test
    void injectsApplicationAndNamedSessionsOnTheEmbeddedServer() {
        assertThat(session.target()).startsWith("dh+plain://127.0.0.1:");
        assertThat(named.analytics().target()).isEqualTo(session.target());
        assertThat(session.emptyTable(3).update("X = i").size()).isEqualTo(3);
    }

    @Test
    void publishedTablesAreFetchableByTheOfficialClient() {
        Table table = prices.quotes();
        PublishedTable entry = tickets.find("quotes").orElseThrow();
        assertThat(entry.table()).isSameAs(table);
        try (OfficialClient probe = new OfficialClient(entry.serverTarget(), AUTHENTICATION)) {
            assertThat(probe.fetch(entry.ticket())).isEqualTo("rows=3");
        }
    }

    @Test
    void asynchronousResultsArePublishedWhenTheyComplete() throws Exception {
        Table table = prices.asyncPrices().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(tickets.find("async-prices").orElseThrow().table()).isSameAs(table);
    }

    @Test
    void republishingEndsTheOldTicket() {
        prices.prices();
        PublishedTable first = tickets.find("prices").orElseThrow();
        prices.prices();
        PublishedTable second = tickets.find("prices").orElseThrow();
        try (OfficialClient probe = new OfficialClient(second.serverTarget(), AUTHENTICATION)) {
            assertThat(probe.fetch(first.ticket())).contains("NOT_FOUND");
            assertThat(probe.fetch(second.ticket())).startsWith("rows=");
        }
    }

    @Test
    void failuresPropagateTypedAndRegisterNothing() {
        assertThatThrownBy(prices::broken).isInstanceOf(InvalidTableOperationException.class);
        assertThat(tickets.find("broken")).isEmpty();
    }

    @Test
    void arcInterceptsSelfInvocation() {
        prices.pricesBySelfInvocation();
        assertThat(tickets.find("prices")).as("ArC intercepts calls a bean makes to itself, unlike Weld").isPresent();
    }

    /** Runs work in a request of its own, on another thread, and ends that request. */
    private <T> T inOwnRequest(java.util.function.Supplier<T> work) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            RequestContextController requests = requestControllers.get();
            requests.activate();
            try {
                return work.get();
            } finally {
                requests.deactivate();
            }
        }).get(60, TimeUnit.SECONDS);
    }

    @Test
    void eachRequestGetsItsOwnSessionsClosedAtItsEnd() throws Exception {
        Table first = inOwnRequest(() -> requestTables.session().emptyTable(1));
        assertThat(first.isReleased()).as("closing the request session released its tables").isTrue();
        Table[] second = inOwnRequest(() -> new Table[] {
            requestTables.session().emptyTable(1), named.analyticsPerRequest().emptyTable(1)});
        assertThat(second[0].session()).isNotSameAs(first.session());
        assertThat(second[1].session()).isNotSameAs(second[0].session());
        assertThat(second[1].session().target()).isEqualTo(named.analytics().target());
        assertThat(second[0].isReleased()).isTrue();
        assertThat(second[1].isReleased()).isTrue();
    }

    @Test
    void ticketsPublishedThroughARequestSessionDieWithTheRequest() throws Exception {
        // @QuarkusTest methods already run in a request; run ours on another thread to see it end
        String[] published = inOwnRequest(() -> {
            requestTables.perRequest();
            PublishedTable entry = tickets.find("per-request").orElseThrow();
            return new String[] {entry.ticket().toHex(), entry.serverTarget()};
        });

        try (OfficialClient probe = new OfficialClient(published[1], AUTHENTICATION)) {
            assertThat(probe.fetch(SharedTicket.fromHex(published[0]))).contains("NOT_FOUND");
        }
        assertThat(tickets.find("per-request").orElseThrow().isReleased()).isTrue();
        assertThat(events.events()).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                TableReleased.class, released -> assertThat(released.reason())
                        .isEqualTo(TableReleased.Reason.SESSION_CLOSED)));
    }
}
