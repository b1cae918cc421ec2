package dev.deephavencdi.it.weld;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.OfficialClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.it.fixtures.NamedSessions;
import dev.deephavencdi.it.fixtures.PriceTables;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.client.Session;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions configured with a host, as against a real Deephaven server. The server here is one the test starts and
 * that outlives the container, so the test can check, with the official client, what the container leaves behind.
 */
@EnableWeld
class ConfiguredServerWeldTest {
    @RegisterExtension
    static final EmbeddedServerExtension deephaven = EmbeddedServerExtension.create();
    private static TestConfig config;

    @BeforeAll
    static void configure() {
        config = TestConfig.install(Map.of(
                "deephaven.cdi.session.host", "127.0.0.1",
                "deephaven.cdi.session.port", Integer.toString(deephaven.port()),
                "deephaven.cdi.session.auth", deephaven.authentication(),
                "deephaven.cdi.session.analytics.target", deephaven.target(),
                "deephaven.cdi.session.analytics.auth", deephaven.authentication(),
                "deephaven.cdi.embedded.enabled", "false"));
    }

    @AfterAll
    static void unconfigure() {
        config.close();
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.performDefaultDiscovery();

    @Inject
    Session session;

    @Inject
    PriceTables prices;

    @Inject
    NamedSessions named;

    @Inject
    PublishedTickets tickets;

    @Test
    void sessionsConnectToTheConfiguredServer() {
        assertThat(session.target()).isEqualTo("dh+plain://127.0.0.1:" + deephaven.port());
        assertThat(named.analytics().target()).isEqualTo(deephaven.target());
        session.emptyTable(1);
        assertThat(deephaven.stats().sessions()).as("the default and the analytics session").isEqualTo(2);
    }

    @Test
    void containerShutdownInvalidatesEveryTicketTheApplicationPublished() throws Exception {
        prices.prices();
        prices.quotes();
        prices.asyncPrices().toCompletableFuture().get(30, TimeUnit.SECONDS);
        named.summary();
        List<PublishedTable> published = tickets.live();
        assertThat(published).extracting(PublishedTable::name)
                .containsExactly("analytics-summary", "async-prices", "prices", "quotes");
        try (OfficialClient probe = deephaven.officialClient()) {
            for (PublishedTable entry : published) {
                assertThat(probe.fetch(entry.ticket())).startsWith("rows=");
            }

            weld.shutdown();

            for (PublishedTable entry : published) {
                assertThat(probe.fetch(entry.ticket())).as(entry.name()).contains("NOT_FOUND");
            }
            assertThat(deephaven.stats().sharedTickets()).isZero();
            assertThat(deephaven.stats().sessions()).as("only the probe's session is left").isEqualTo(1);
        }
    }
}
