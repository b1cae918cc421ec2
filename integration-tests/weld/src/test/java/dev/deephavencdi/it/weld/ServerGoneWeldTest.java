package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.it.fixtures.PriceTables;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import java.time.Duration;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** A fault: the Deephaven server dies before the application; the container must still shut down, promptly. */
class ServerGoneWeldTest {

    @Test
    void containerShutdownCompletesWhenTheServerIsAlreadyGone() {
        StartedServer deephaven = EmbeddedServerExtension.start();
        try (TestConfig ignored = TestConfig.install(Map.of(
                "deephaven.cdi.session.target", deephaven.target(),
                "deephaven.cdi.session.auth", deephaven.authentication(),
                "deephaven.cdi.embedded.enabled", "false"))) {
            WeldContainer container = new Weld().initialize();
            container.select(PriceTables.class).get().prices();
            assertThat(container.select(PublishedTickets.class).get().live()).hasSize(1);

            deephaven.close();

            assertTimeoutPreemptively(Duration.ofSeconds(30), container::close,
                    "closing sessions against a dead server must not hang shutdown");
            assertThat(container.isRunning()).isFalse();
        } finally {
            deephaven.close();
        }
    }
}
