package dev.deephavencdi.example;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.OfficialClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;

/**
 * End to end, on the packaged application ({@code java -jar quarkus-run.jar}) configured for a Deephaven server
 * that outlives it, as in production: take a ticket from the HTTP endpoint, fetch and read it with the official
 * Deephaven Java client from the server the endpoint names, stop the application, and check the ticket is gone.
 */
class ExampleApplicationIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aTicketHandedOutOverHttpIsReadableUntilTheApplicationStops() throws Exception {
        try (StartedServer deephaven = EmbeddedServerExtension.start()) {
            int httpPort = freePort();
            Process app = start(httpPort, deephaven.port(),
                    "-Ddeephaven.cdi.session.auth=" + deephaven.authentication());
            JsonNode prices;
            try {
                prices = awaitTicket(httpPort, "prices");
                assertThat(prices.at("/server/target").asText()).isEqualTo("dh+plain://127.0.0.1:" + deephaven.port());
                String sharedId = prices.at("/ticket/sharedId").asText();

                SharedTicket ticket = SharedTicket.fromIdHex(sharedId);
                try (OfficialClient client = new OfficialClient(prices.at("/server/target").asText(),
                        deephaven.authentication())) {
                    assertThat(sumOfPrices(client, sharedId)).isEqualTo(expectedSumOfPrices());

                    app.destroy(); // SIGTERM: a graceful Quarkus shutdown
                    assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the application stopped").isTrue();

                    assertThat(client.fetch(ticket)).contains("NOT_FOUND");
                }
            } finally {
                app.destroyForcibly();
            }
            assertThat(deephaven.stats().sharedTickets()).isZero();
        }
    }

    /** Starts the packaged application; {@code options} are further JVM options (e.g. {@code -D} settings). */
    static Process start(int httpPort, int deephavenPort, String... options) throws IOException {
        String jar = System.getProperty("example.jar", "target/quarkus-app/quarkus-run.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dquarkus.http.port=" + httpPort,
                "-Ddeephaven.cdi.session.host=127.0.0.1",
                "-Ddeephaven.cdi.session.port=" + deephavenPort));
        command.addAll(List.of(options));
        command.addAll(List.of("-jar", jar));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/example-application-it-" + httpPort + ".log"))
                .start();
    }

    JsonNode awaitTicket(int httpPort, String name) throws Exception {
        URI uri = URI.create("http://localhost:" + httpPort + "/deephaven/tickets/" + name);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return json.readTree(response.body());
                }
            } catch (IOException notListeningYet) {
                // the application is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application did not publish '" + name + "' in time;"
                + " see target/example-application-it-" + httpPort + ".log");
    }

    /** What another team's service would do with the ticket: fetch it with the official client and read it. */
    private static double sumOfPrices(OfficialClient client, String sharedIdHex) throws Exception {
        Session session = client.newSession();
        SharedId id = new SharedId(HexFormat.of().parseHex(sharedIdHex.substring(2)));
        TableHandle table = session.execute(id.ticketId().table());
        double sum = 0;
        try (FlightStream stream = client.flight(session).stream(table)) {
            while (stream.next()) {
                Float8Vector price = (Float8Vector) stream.getRoot().getVector("Price");
                for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
                    sum += price.get(i);
                }
            }
        }
        return sum;
    }

    static double expectedSumOfPrices() {
        double sum = 0;
        for (int i = 0; i < MarketTables.INSTRUMENTS; i++) {
            sum += 100.0 + (i % 37) * 1.25;
        }
        return sum;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
