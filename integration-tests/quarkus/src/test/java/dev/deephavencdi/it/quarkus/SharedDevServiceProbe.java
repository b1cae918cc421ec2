package dev.deephavencdi.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Shows that two test profiles share one Dev Service: whichever profile's test runs first has a client of its own
 * (outside the application, as another process would be) publish a table on the Dev Service and leaves it there;
 * the second finds its sessions on the same target and fetches that table through its own application's session.
 * The two profiles' applications are loaded by different class loaders, so what the first leaves is kept in system
 * properties (the target, the ticket) and the client with its table as a plain {@link AutoCloseable}, which the
 * second closes.
 */
final class SharedDevServiceProbe {
    private static final String TARGET = "deephaven-cdi.it.shared-dev-service.target";
    private static final String TICKET = "deephaven-cdi.it.shared-dev-service.ticket";
    private static final String CLIENT = "deephaven-cdi.it.shared-dev-service.client";
    private static final long ROWS = 42;

    private SharedDevServiceProbe() {}

    /**
     * @param profile the calling test's profile, for the messages
     * @return whether this call verified the sharing (the other profile's test ran before), else it left the table
     */
    static boolean leaveOrVerify(String profile, Config config, Session session) {
        String target = config.getValue("deephaven.cdi.embedded.running-target", String.class);
        assertThat(session.target()).isEqualTo(target);
        String left = System.getProperty(TARGET);
        if (left == null) {
            Session outsider = Session.builder().target(target)
                    .authentication(config.getValue("deephaven.cdi.embedded.running-auth", String.class))
                    .connect();
            SharedTicket ticket = SharedTicket.random();
            Table published = outsider.emptyTable(ROWS).update("X = i");
            outsider.publishTable(ticket, published);
            System.setProperty(TARGET, target);
            System.setProperty(TICKET, ticket.toHex());
            // holds the table too: a published table that becomes unreachable is released, and its ticket with it
            AutoCloseable client = () -> {
                published.close();
                outsider.close();
            };
            System.getProperties().put(CLIENT, client);
            return false;
        }
        try {
            assertThat(target).as("the Dev Service %s sees, against the one the other profile used", profile)
                    .isEqualTo(left);
            var table = session.fetchTable(SharedTicket.fromHex(System.getProperty(TICKET)));
            assertThat(table.size()).as("the other profile's table, fetched by the %s profile", profile)
                    .isEqualTo(ROWS);
            assertThat(table.readRows(1)).containsExactly(Map.of("X", 0));
            return true;
        } finally {
            try {
                ((AutoCloseable) System.getProperties().remove(CLIENT)).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the other profile's client", e);
            }
            System.clearProperty(TARGET);
            System.clearProperty(TICKET);
        }
    }
}
