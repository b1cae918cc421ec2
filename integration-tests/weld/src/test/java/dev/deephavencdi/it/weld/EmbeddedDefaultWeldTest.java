package dev.deephavencdi.it.weld;

import dev.deephavencdi.testing.OfficialClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.it.fixtures.NamedSessions;
import dev.deephavencdi.it.fixtures.PriceTables;
import dev.deephavencdi.it.fixtures.RequestTables;
import dev.deephavencdi.it.fixtures.TicketEvents;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.cdi.TablePublished;
import dev.deephavencdi.cdi.TableReleased;
import dev.deephavencdi.client.InvalidTableOperationException;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Weld SE container with bean discovery, as an application runs it, and no configuration but the embedded
 * server's pre-shared key (so this test, from outside, can connect as another client would): every session uses the
 * embedded server, which the container starts and stops, and authenticates with that key on its own.
 */
@EnableWeld
class EmbeddedDefaultWeldTest {
    private static final String KEY = "weld-embedded-default-test-key";
    private static final String AUTHENTICATION = "io.deephaven.authentication.psk.PskAuthenticationHandler " + KEY;
    private static TestConfig config;

    @BeforeAll
    static void configureTheKey() {
        config = TestConfig.install(Map.of("deephaven.cdi.embedded.psk", KEY));
    }

    @AfterAll
    static void dropTheKey() {
        config.close();
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.performDefaultDiscovery();

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
    RequestContextController requests;

    @Test
    void injectsAnApplicationSessionOnTheEmbeddedServer() {
        assertThat(session.target()).startsWith("dh+plain://127.0.0.1:");
        try (Table table = session.emptyTable(5).update("X = i")) {
            assertThat(table.size()).isEqualTo(5);
        }
    }

    @Test
    void namedSessionsNeedNoConfigurationAndUseTheEmbeddedServerToo() {
        assertThat(named.analytics().target()).isEqualTo(session.target());
        assertThat(named.analytics().emptyTable(2).size()).isEqualTo(2);
    }

    @Test
    void publishedTablesAreFetchableByTheOfficialClientUnderTheirName() {
        Table table = prices.prices();
        PublishedTable entry = tickets.find("prices").orElseThrow();
        assertThat(entry.table()).isSameAs(table);
        assertThat(entry.serverTarget()).isEqualTo(session.target());
        assertThat(tickets.ticket("prices")).isEqualTo(entry.ticket());
        try (OfficialClient probe = new OfficialClient(entry.serverTarget(), AUTHENTICATION)) {
            assertThat(probe.fetch(entry.ticket())).isEqualTo("rows=1000");
        }
        assertThat(events.events()).containsExactly(new TablePublished(entry));
    }

    @Test
    void aMethodWithoutANameIsPublishedUnderItsMethodName() {
        prices.quotes();
        assertThat(tickets.find("quotes")).isPresent();
    }

    @Test
    void asynchronousResultsArePublishedWhenTheyComplete() throws Exception {
        Table table = prices.asyncPrices().toCompletableFuture().get(30, TimeUnit.SECONDS);
        PublishedTable entry = tickets.find("async-prices").orElseThrow();
        assertThat(entry.table()).isSameAs(table);
        try (OfficialClient probe = new OfficialClient(entry.serverTarget(), AUTHENTICATION)) {
            assertThat(probe.fetch(entry.ticket())).isEqualTo("rows=10");
        }
    }

    @Test
    void republishingPointsTheNameAtTheNewTicketAndEndsTheOldOne() {
        prices.prices();
        PublishedTable first = tickets.find("prices").orElseThrow();
        prices.prices();
        PublishedTable second = tickets.find("prices").orElseThrow();

        assertThat(second.ticket()).isNotEqualTo(first.ticket());
        assertThat(first.table().isReleased()).isTrue();
        try (OfficialClient probe = new OfficialClient(second.serverTarget(), AUTHENTICATION)) {
            assertThat(probe.fetch(first.ticket())).contains("NOT_FOUND");
            assertThat(probe.fetch(second.ticket())).isEqualTo("rows=1001");
        }
        assertThat(events.events()).hasSize(3);
        assertThat(events.events().get(1)).isInstanceOfSatisfying(TableReleased.class, released -> {
            assertThat(released.reason()).isEqualTo(TableReleased.Reason.REPUBLISHED);
            assertThat(released.table().ticket()).isEqualTo(first.ticket());
        });
    }

    @Test
    void aFailingMethodPropagatesTheTypedErrorAndRegistersNothing() {
        assertThatThrownBy(prices::broken)
                .isInstanceOf(InvalidTableOperationException.class)
                .hasMessageContaining("nosuchfunction");
        assertThat(tickets.find("broken")).isEmpty();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void weldDoesNotInterceptSelfInvocation() {
        prices.pricesBySelfInvocation();
        assertThat(tickets.find("prices")).isEmpty();
    }

    @Test
    void ticketsPublishedThroughARequestSessionDieWithTheRequest() {
        requests.activate();
        SharedTicket ticket;
        String target;
        try {
            requestTables.perRequest();
            ticket = tickets.ticket("per-request");
            target = tickets.find("per-request").orElseThrow().serverTarget();
            try (OfficialClient probe = new OfficialClient(target, AUTHENTICATION)) {
                assertThat(probe.fetch(ticket)).isEqualTo("rows=7");
            }
        } finally {
            requests.deactivate();
        }
        try (OfficialClient probe = new OfficialClient(target, AUTHENTICATION)) {
            assertThat(probe.fetch(ticket)).contains("NOT_FOUND");
        }
        assertThat(tickets.find("per-request").orElseThrow().isReleased()).isTrue();
        assertThat(tickets.live()).isEmpty();
        assertThat(events.events()).last().isInstanceOfSatisfying(TableReleased.class,
                released -> assertThat(released.reason()).isEqualTo(TableReleased.Reason.SESSION_CLOSED));
    }

    @Test
    void eachRequestGetsItsOwnSessionClosedAtItsEnd() {
        requests.activate();
        Table first = requestTables.session().emptyTable(1);
        requests.deactivate();
        assertThat(first.isReleased()).as("closing the request session released its tables").isTrue();

        requests.activate();
        try {
            Table second = requestTables.session().emptyTable(1);
            assertThat(second.session()).isNotSameAs(first.session());
            assertThat(named.analyticsPerRequest().emptyTable(1).session()).isNotSameAs(second.session());
        } finally {
            requests.deactivate();
        }
    }
}
