package dev.deephavencdi.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.testing.PythonEnvironment;
import dev.deephavencdi.testing.RealDeephavenServer;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import dev.deephavencdi.testing.SharedTicketProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged example application configured for the real Deephaven server 0.40.7
 * ({@code deephaven.cdi.session.host}/{@code port}, and {@code auth} for the pre-shared key): a ticket taken from
 * the HTTP endpoint is fetched and read by pydeephaven 0.40.7 from the server the endpoint names. After the
 * application stops, the ticket answers FAILED_PRECONDITION (the real server's weak-values map still holds the
 * entry) or NOT_FOUND, and NOT_FOUND once the server's JVM has collected.
 */
@ExtendWith(RealDeephavenServer.class)
class ExampleApplicationRealServerIT {

    @Test
    void anonymous(RealDeephavenServerProcess server) throws Exception {
        aTicketHandedOutOverHttpIsReadByPydeephavenUntilTheApplicationStops(server);
    }

    @Test
    void preSharedKey(@RealDeephavenServer.PreSharedKey RealDeephavenServerProcess server) throws Exception {
        aTicketHandedOutOverHttpIsReadByPydeephavenUntilTheApplicationStops(server);
    }

    private static void aTicketHandedOutOverHttpIsReadByPydeephavenUntilTheApplicationStops(
            RealDeephavenServerProcess server) throws Exception {
        int httpPort = ExampleApplicationIT.freePort();
        Process app = ExampleApplicationIT.start(httpPort, server.port(),
                "-Ddeephaven.cdi.session.auth=" + server.authentication());
        try {
            JsonNode prices = new ExampleApplicationIT().awaitTicket(httpPort, "prices");
            assertThat(prices.at("/server/target").asText()).isEqualTo(server.target());
            String hex = prices.at("/ticket/hex").asText();

            String fetched = fetchWithPydeephaven(server, hex);
            assertThat(fetched).startsWith("@@ROWS " + MarketTables.INSTRUMENTS + " SUM ");
            assertThat(Double.parseDouble(fetched.substring(fetched.indexOf("SUM ") + 4)))
                    .isCloseTo(ExampleApplicationIT.expectedSumOfPrices(), within(1e-6));

            app.destroy(); // SIGTERM: a graceful Quarkus shutdown
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the application stopped").isTrue();

            SharedTicket ticket = SharedTicket.fromHex(hex);
            try (SharedTicketProbe probe = new SharedTicketProbe(server.host(), server.port(),
                    server.authentication())) {
                assertThat(probe.status(ticket)).isIn("FAILED_PRECONDITION", "NOT_FOUND");
                server.collectGarbage();
                assertThat(probe.status(ticket)).isEqualTo("NOT_FOUND");
            }
        } finally {
            app.destroyForcibly();
        }
    }

    /** {@code python/fetch-shared-table.py}: what another team's Python service does with the endpoint's hex form. */
    private static String fetchWithPydeephaven(RealDeephavenServerProcess server, String hex)
            throws IOException, InterruptedException {
        PythonEnvironment python = PythonEnvironment.of(PythonEnvironment.DEEPHAVEN_0_40_7);
        Process fetch = new ProcessBuilder(python.python().toString(),
                PythonEnvironment.projectRoot().resolve("python").resolve("fetch-shared-table.py").toString(),
                server.host(), Integer.toString(server.port()), server.authenticationType(),
                server.preSharedKey() == null ? "" : server.preSharedKey(), hex, "Price")
                .redirectErrorStream(true).start();
        String output = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fetch.waitFor(2, TimeUnit.MINUTES)).as("pydeephaven finished").isTrue();
        assertThat(fetch.exitValue()).as(output).isZero();
        return output.lines().filter(line -> line.startsWith("@@ROWS ")).findFirst().orElse(output);
    }
}
