package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.cdi.TableReleased;
import dev.deephavencdi.it.fixtures.PriceTables;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shutdown runs every step even when one fails: an application observer that throws on every
 * {@link TableReleased} does not stop the other tables' releases, the sessions' closing, or the embedded server's
 * stop (its port is closed afterwards).
 */
class ShutdownFailureWeldTest {

    /** Throws on every release while a test of this class arms it; inert for the other tests of the module. */
    @ApplicationScoped
    public static class ThrowingReleaseObserver {
        static volatile boolean armed;
        static final List<String> seen = new CopyOnWriteArrayList<>();

        void released(@Observes TableReleased event) {
            if (armed) {
                seen.add(event.table().name());
                throw new IllegalStateException("application observer failing on purpose");
            }
        }
    }

    @AfterEach
    void disarm() {
        ThrowingReleaseObserver.armed = false;
        ThrowingReleaseObserver.seen.clear();
    }

    @Test
    void aThrowingReleaseObserverDoesNotKeepTheEmbeddedServerRunning() throws IOException {
        WeldContainer container = new Weld().initialize();
        PriceTables prices = container.select(PriceTables.class).get();
        prices.prices();
        prices.quotes();
        List<PublishedTable> live = container.select(PublishedTickets.class).get().live();
        assertThat(live).hasSize(2);
        URI server = URI.create(live.get(0).serverTarget().replace("dh+plain", "http"));
        try (Socket open = new Socket(server.getHost(), server.getPort())) {
            assertThat(open.isConnected()).isTrue();
        }
        ThrowingReleaseObserver.armed = true;

        container.close();

        assertThat(ThrowingReleaseObserver.seen).containsExactlyInAnyOrder("prices", "quotes");
        assertThatThrownBy(() -> new Socket(server.getHost(), server.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }
}
