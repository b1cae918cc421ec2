package dev.deephavencdi.example;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.TicketNotFoundException;
import dev.deephavencdi.proto.SharedTicket;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /q/health and /q/metrics of the example, with deephaven-cdi-observability's checks and meters. */
@QuarkusTest
class HealthAndMetricsTest {
    @Inject
    Session session;

    @Inject
    PublishedTickets tickets;

    @Test
    void readinessIsUpWithTheEmbeddedServersTargetAndLatency() {
        String target = tickets.live().get(0).serverTarget();
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Deephaven sessions' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Deephaven sessions' }.data.'default.target'", equalTo(target))
                .body("checks.find { it.name == 'Deephaven sessions' }.data.'default.latency-ms'",
                        greaterThanOrEqualTo(0));
    }

    @Test
    void livenessAsksTheEmbeddedServer() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("checks.find { it.name == 'Deephaven embedded server' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Deephaven embedded server' }.data.running", equalTo(true))
                .body("checks.find { it.name == 'Deephaven embedded server' }.data.target",
                        startsWith("dh+plain://"));
    }

    @Test
    void metricsCountTheDefaultSessionsTicketsAndPublishesAndMoveWhenATableIsPublished() {
        String before = metrics();
        assertThat(value(before, "deephaven_tickets_published")).as("prices, trades, trade-values, ticker")
                .isGreaterThanOrEqualTo(4);
        assertThat(value(before, "deephaven_sessions_open")).isGreaterThanOrEqualTo(1);
        assertThat(value(before, "deephaven_exports")).isGreaterThanOrEqualTo(4);

        try (Table table = session.emptyTable(10).update("X = i")) {
            session.publishTable(SharedTicket.random(), table);
        }
        // a fetch of an unknown ticket fails, and counts as a fetch too
        assertThatThrownBy(() -> session.fetchTable(SharedTicket.random()))
                .isInstanceOf(TicketNotFoundException.class);
        String after = metrics();
        assertThat(value(after, "deephaven_publishes_seconds_count"))
                .isEqualTo(value(before, "deephaven_publishes_seconds_count") + 1);
        assertThat(value(after, "deephaven_publishes_seconds_sum"))
                .isGreaterThan(value(before, "deephaven_publishes_seconds_sum"));
        assertThat(value(after, "deephaven_fetches_seconds_count"))
                .isEqualTo(value(before, "deephaven_fetches_seconds_count") + 1);
    }

    @Test
    void readingRowsOverRestCountsDoGetBytes() {
        double before = value(metrics(), "deephaven_doget_bytes_total");
        given().get("/deephaven/tickets/prices/rows?limit=50").then().statusCode(200);
        assertThat(value(metrics(), "deephaven_doget_bytes_total")).isGreaterThan(before);
    }

    @Test
    void theMetricsPageListsEveryDeephavenMeterOfTheDefaultSession() {
        String page = metrics();
        for (String meter : new String[] {"deephaven_sessions_open", "deephaven_exports", "deephaven_tickets_published",
                "deephaven_subscriptions_live", "deephaven_publishes_seconds_count", "deephaven_fetches_seconds_sum",
                "deephaven_doget_bytes_total"}) {
            assertThat(page).contains(meter + "{session=\"default\"}");
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** @return the value of a meter of the default session on the Prometheus page */
    private static double value(String page, String meter) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(meter) + "\\{session=\"default\"} (\\S+)$").matcher(page);
        assertThat(m.find()).as(meter + " on /q/metrics:\n" + page).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
