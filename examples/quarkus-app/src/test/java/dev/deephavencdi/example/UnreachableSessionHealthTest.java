package dev.deephavencdi.example;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A configured session whose server does not answer makes the application not ready (503), naming the session. */
@QuarkusTest
@TestProfile(UnreachableSessionHealthTest.WithAnUnreachableSession.class)
class UnreachableSessionHealthTest {
    public static final class WithAnUnreachableSession implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("deephaven.cdi.session.reports.host", "127.0.0.1",
                    "deephaven.cdi.session.reports.port", Integer.toString(closedPort()));
        }
    }

    // read back: the profile and the test run in different class loaders, so a static field would differ
    @ConfigProperty(name = "deephaven.cdi.session.reports.port")
    int closedPort;

    @Test
    void readinessIsDownNamingTheUnreachableSessionWhileLivenessStaysUp() {
        String check = "checks.find { it.name == 'Deephaven sessions' }";
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body(check + ".status", equalTo("DOWN"))
                .body(check + ".data.'reports.target'", equalTo("dh+plain://127.0.0.1:" + closedPort))
                .body(check + ".data.'reports.error'", containsString("127.0.0.1:" + closedPort))
                .body(check + ".data.'reports.latency-ms'", nullValue())
                .body(check + ".data.'default.error'", nullValue());
        // the embedded server of the default session still answers: the process itself is fine
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again when the test asks: nothing listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
