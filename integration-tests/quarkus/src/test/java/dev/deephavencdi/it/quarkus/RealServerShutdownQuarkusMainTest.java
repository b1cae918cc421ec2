package dev.deephavencdi.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.testing.RealDeephavenServer;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import dev.deephavencdi.testing.SharedTicketProbe;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ShutdownQuarkusMainTest} against the real Deephaven server 0.40.7, anonymous and with a pre-shared key:
 * start, publish, exit. After the application has stopped, every ticket it printed answers FAILED_PRECONDITION
 * (its session is closed, but the real server's weak-values map holds the entry until its JVM collects) or
 * NOT_FOUND; after a collection in the server, NOT_FOUND.
 */
@QuarkusMainTest
@ExtendWith(RealDeephavenServer.class)
class RealServerShutdownQuarkusMainTest {
    private static final List<String> KEYS = List.of("deephaven.cdi.session.host", "deephaven.cdi.session.port",
            "deephaven.cdi.session.auth", "deephaven.cdi.session.analytics.target",
            "deephaven.cdi.session.analytics.auth");

    @AfterEach
    void clearConfiguration() {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void anonymous(QuarkusMainLauncher launcher, RealDeephavenServerProcess server) {
        everyTicketIsGoneAfterTheApplicationStops(launcher, server);
    }

    @Test
    void preSharedKey(QuarkusMainLauncher launcher, @RealDeephavenServer.PreSharedKey RealDeephavenServerProcess server) {
        everyTicketIsGoneAfterTheApplicationStops(launcher, server);
    }

    private static void everyTicketIsGoneAfterTheApplicationStops(QuarkusMainLauncher launcher,
            RealDeephavenServerProcess server) {
        Map.of("deephaven.cdi.session.host", server.host(),
                "deephaven.cdi.session.port", Integer.toString(server.port()),
                "deephaven.cdi.session.auth", server.authentication(),
                "deephaven.cdi.session.analytics.target", server.target(),
                "deephaven.cdi.session.analytics.auth", server.authentication()).forEach(System::setProperty);

        LaunchResult result = launcher.launch();

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        List<String[]> published = result.getOutputStream().stream()
                .filter(line -> line.startsWith("PUBLISHED "))
                .map(line -> line.split(" "))
                .toList();
        assertThat(published).extracting(fields -> fields[1])
                .containsExactly("analytics-summary", "async-prices", "prices", "quotes");
        assertThat(published).allSatisfy(fields -> assertThat(fields[3]).isEqualTo(server.target()));
        try (SharedTicketProbe probe = new SharedTicketProbe(server.host(), server.port(), server.authentication())) {
            for (String[] fields : published) {
                assertThat(probe.status(SharedTicket.fromHex(fields[2]))).as(fields[1])
                        .isIn("FAILED_PRECONDITION", "NOT_FOUND");
            }
            server.collectGarbage();
            for (String[] fields : published) {
                assertThat(probe.status(SharedTicket.fromHex(fields[2]))).as(fields[1]).isEqualTo("NOT_FOUND");
            }
        }
    }
}
