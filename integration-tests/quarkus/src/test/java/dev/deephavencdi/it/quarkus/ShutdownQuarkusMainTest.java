package dev.deephavencdi.it.quarkus;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.OfficialClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the whole application lifecycle against a Deephaven server that outlives it: start, publish, exit. After the
 * container has stopped, the official client must get NOT_FOUND for every ticket the application printed.
 */
@QuarkusMainTest
class ShutdownQuarkusMainTest {
    @RegisterExtension
    static final EmbeddedServerExtension deephaven = EmbeddedServerExtension.create();

    @BeforeAll
    static void configure() {
        System.setProperty("deephaven.cdi.session.host", "127.0.0.1");
        System.setProperty("deephaven.cdi.session.port", Integer.toString(deephaven.port()));
        System.setProperty("deephaven.cdi.session.auth", deephaven.authentication());
        System.setProperty("deephaven.cdi.session.analytics.target", deephaven.target());
        System.setProperty("deephaven.cdi.session.analytics.auth", deephaven.authentication());
    }

    @AfterAll
    static void unconfigure() {
        for (String key : new String[] {"host", "port", "auth", "analytics.target", "analytics.auth"}) {
            System.clearProperty("deephaven.cdi.session." + key);
        }
    }

    @Test
    void everyTicketTheApplicationPublishedIsNotFoundAfterItStops(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        List<String[]> published = result.getOutputStream().stream()
                .filter(line -> line.startsWith("PUBLISHED "))
                .map(line -> line.split(" "))
                .toList();
        assertThat(published).extracting(fields -> fields[1])
                .containsExactly("analytics-summary", "async-prices", "prices", "quotes");
        assertThat(published).allSatisfy(fields -> assertThat(fields[3]).isEqualTo(
                "dh+plain://127.0.0.1:" + deephaven.port()));

        try (OfficialClient probe = deephaven.officialClient()) {
            for (String[] fields : published) {
                assertThat(probe.fetch(SharedTicket.fromHex(fields[2]))).as(fields[1]).contains("NOT_FOUND");
            }
        }
        assertThat(deephaven.stats().sharedTickets()).isZero();
    }
}
