package dev.deephavencdi.example;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the tables when the service starts and says where to find them. It calls {@link MarketTables}
 * through its injected proxy, so the calls are intercepted on every CDI container (Weld does not intercept a
 * bean calling itself).
 */
@ApplicationScoped
public class PublishOnStartup {
    private static final Logger log = Logger.getLogger(PublishOnStartup.class);

    @Inject
    MarketTables tables;

    @Inject
    PublishedTickets tickets;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    void publish(@Observes StartupEvent startup) {
        tables.prices();
        tables.trades();
        tables.tradeValues();
        tables.ticker();
        String server = tickets.live().get(0).serverTarget();
        StringBuilder names = new StringBuilder();
        for (PublishedTable table : tickets.live()) {
            names.append("\n  ").append(table.name()).append(" -> ").append(table.ticket().toHex());
        }
        log.infof("Deephaven CDI example is ready.%n  Open http://localhost:%d/deephaven/tickets"
                + " (OpenAPI UI: http://localhost:%d/q/swagger-ui)%n  Deephaven server: %s (port %d)%n"
                + "  Connect with its pre-shared key: the one logged above by the embedded server (generated for this"
                + " run), or the one you set in deephaven.cdi.embedded.psk; auth_type"
                + " io.deephaven.authentication.psk.PskAuthenticationHandler%n"
                + "  Published tickets:%s", httpPort, httpPort, server, port(server), names);
    }

    private static int port(String target) {
        return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1).replace("/", ""));
    }
}
