package dev.deephavencdi.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.testing.PythonEnvironment;
import dev.deephavencdi.testing.Pytest;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-off the README shows, with pydeephaven itself on the other side: the packaged application publishes to
 * a Deephaven server that requires a pre-shared key; the test takes the {@code prices} ticket from
 * {@code GET /deephaven/tickets/prices} and runs {@code python/tests/rest_handoff} (pytest), which fetches it with
 * pydeephaven from the server the endpoint names and checks every row. Once the application has stopped, the same
 * pytest file checks the ticket is {@code NOT_FOUND}. Both pinned pydeephaven versions (0.40.7 and 42.x) take part.
 */
class RestHandoffPydeephavenIT {
    private static final String PSK_HANDLER = "io.deephaven.authentication.psk.PskAuthenticationHandler";
    private static final String KEY = "rest-handoff-key";

    @Test
    void aTicketFromTheRestEndpointIsFetchedWithPydeephavenUntilTheApplicationStops() throws Exception {
        try (EmbeddedDeephavenServer deephaven = EmbeddedDeephavenServer.builder().port(0).preSharedKey(KEY).start()) {
            try (PackagedExample app = PackagedExample.start(new File("target/rest-handoff-pydeephaven-it.log"), Map.of(
                    "deephaven.cdi.session.host", "127.0.0.1",
                    "deephaven.cdi.session.port", Integer.toString(deephaven.port()),
                    "deephaven.cdi.session.auth", PSK_HANDLER + " " + KEY))) {
                Map<String, String> handoff = handoffVariables(app.awaitTicket("prices"));

                assertThat(pytest(PythonEnvironment.DEEPHAVEN_0_40_7, handoff, "rows")).isZero();
                assertThat(pytest(PythonEnvironment.PYDEEPHAVEN_42, handoff, "rows")).isZero();

                assertThat(app.stop()).as("the application stopped").isTrue();
                assertThat(pytest(PythonEnvironment.DEEPHAVEN_0_40_7, handoff, "gone")).isZero();
            }
            assertThat(deephaven.stats().sharedTickets()).isZero();
        }
    }

    /** What a Python user copies from the endpoint's answer: the ticket's hex form and the server to fetch from. */
    private static Map<String, String> handoffVariables(JsonNode ticket) {
        Map<String, String> variables = new HashMap<>();
        variables.put("DH_TICKET_HEX", ticket.at("/ticket/hex").asText());
        variables.put("DH_HOST", ticket.at("/server/host").asText());
        variables.put("DH_PORT", ticket.at("/server/port").asText());
        variables.put("DH_AUTH_TYPE", PSK_HANDLER);
        variables.put("DH_AUTH_TOKEN", KEY);
        variables.put("DH_SERVER_KIND", "embedded");
        return variables;
    }

    /** Runs python/tests/rest_handoff with one lock; DH_TICKET_EXPECT says whether the ticket reads or is gone. */
    private static int pytest(String lock, Map<String, String> handoff, String expect) {
        Map<String, String> variables = new HashMap<>(handoff);
        variables.put("DH_TICKET_EXPECT", expect);
        Path report = Paths.get("target", "pytest-rest-handoff-" + lock + "-" + expect + ".xml").toAbsolutePath();
        return Pytest.run(PythonEnvironment.of(lock), report, variables, "rest_handoff");
    }
}
