package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.it.fixtures.NamedSessions;
import dev.deephavencdi.it.fixtures.PriceTables;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.RealDeephavenServer;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import dev.deephavencdi.testing.SharedTicketProbe;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole container lifecycle against the real Deephaven server 0.40.7, configured as an application would
 * ({@code deephaven.cdi.session.host}/{@code port}, the embedded server off), anonymous and with a pre-shared key.
 *
 * <p>What "gone after the container stops" means there: the container closes its sessions, and the real server
 * keeps a shared ticket in a weak-values map until its JVM collects garbage. Until then the ticket answers
 * FAILED_PRECONDITION (its export was cancelled with the session), after a collection NOT_FOUND. The embedded
 * server answers NOT_FOUND at once ({@link ConfiguredServerWeldTest}).
 */
@ExtendWith(RealDeephavenServer.class)
class RealServerWeldTest {

    @Test
    void anonymousContainerPublishesAndEveryTicketIsGoneAfterItStops(RealDeephavenServerProcess server)
            throws Exception {
        runTheApplicationLifecycle(server);
    }

    @Test
    void preSharedKeyContainerPublishesAndEveryTicketIsGoneAfterItStops(
            @RealDeephavenServer.PreSharedKey RealDeephavenServerProcess server) throws Exception {
        runTheApplicationLifecycle(server);
    }

    private static void runTheApplicationLifecycle(RealDeephavenServerProcess server) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "deephaven.cdi.session.host", server.host(),
                "deephaven.cdi.session.port", Integer.toString(server.port()),
                "deephaven.cdi.session.analytics.target", server.target(),
                "deephaven.cdi.embedded.enabled", "false"));
        if (server.preSharedKey() != null) {
            settings.put("deephaven.cdi.session.auth", server.authentication());
            settings.put("deephaven.cdi.session.analytics.auth", server.authentication());
        }
        try (TestConfig ignored = TestConfig.install(settings);
                SharedTicketProbe probe = new SharedTicketProbe(server.host(), server.port(),
                        server.authentication());
                OfficialClient official = new OfficialClient(server.target())) {
            List<PublishedTable> published;
            try (WeldContainer container = new Weld().initialize()) {
                assertThat(container.select(Session.class).get().target()).isEqualTo(server.target());
                PriceTables prices = container.select(PriceTables.class).get();
                NamedSessions named = container.select(NamedSessions.class).get();
                prices.prices();
                prices.quotes();
                prices.asyncPrices().toCompletableFuture().get(30, TimeUnit.SECONDS);
                named.summary();
                published = container.select(PublishedTickets.class).get().live();
                assertThat(published).extracting(PublishedTable::name)
                        .containsExactly("analytics-summary", "async-prices", "prices", "quotes");
                assertThat(published).extracting(PublishedTable::serverTarget).containsOnly(server.target());
                for (PublishedTable entry : published) {
                    assertThat(probe.status(entry.ticket())).as(entry.name()).startsWith("rows=");
                }
            }

            for (PublishedTable entry : published) {
                assertThat(probe.status(entry.ticket())).as(entry.name()).isIn("FAILED_PRECONDITION", "NOT_FOUND");
            }
            server.collectGarbage();
            io.deephaven.client.impl.Session judge = server.preSharedKey() == null
                    ? official.newSession() : official.newSession(server.authentication());
            for (PublishedTable entry : published) {
                assertThat(probe.status(entry.ticket())).as(entry.name()).isEqualTo("NOT_FOUND");
                // the official client, the independent judge, cannot fetch it either
                assertThatThrownBy(() -> judge.execute(new SharedId(entry.ticket().id()).ticketId().table()))
                        .as(entry.name()).isInstanceOf(TableHandle.TableHandleException.class);
            }
        }
    }
}
