package dev.deephavencdi.example;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ticking table and its server-sent-events view, over real HTTP. */
@QuarkusTest
class LiveUpdatesTest {
    private final ObjectMapper json = new ObjectMapper();

    @TestHTTPResource("/deephaven/tickets/")
    URI tickets;

    @Test
    void theTickerIsPublishedAsALiveTable() {
        given().get("/deephaven/tickets/ticker").then()
                .statusCode(200)
                .body("isStatic", equalTo(false));
    }

    @Test
    void streamsOneEventPerTickWithTheNewestRows() throws Exception {
        List<JsonNode> events = readEvents(tickets.resolve("ticker/updates?rows=3"), 4);
        assertThat(events.get(0).get("merged").asInt()).as("the first event is the initial view").isZero();
        for (JsonNode event : events) {
            assertThat(event.get("rows").size()).isBetween(0, 3);
        }
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("added").asLong()).isPositive();
        assertThat(last.get("rows").get(last.get("rows").size() - 1).get("Tick").asLong())
                .as("newest tick in the view").isGreaterThan(events.get(0).get("rows").path(0).path("Tick").asLong(-1));
    }

    @Test
    void aStaticTableSendsItsViewOnceAndEnds() throws Exception {
        List<JsonNode> events = readEvents(tickets.resolve("prices/updates?rows=2"), Integer.MAX_VALUE);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("size").asLong()).isEqualTo(2);
        assertThat(events.get(0).get("rows").get(1).get("Symbol").asText()).isEqualTo("SYM499");
    }

    @Test
    void badParametersAndUnknownNamesAreProblems() {
        given().get("/deephaven/tickets/ticker/updates?rows=0").then().statusCode(400);
        given().get("/deephaven/tickets/nope/updates").then().statusCode(404);
    }

    /** Reads "update" events until {@code count} arrived or the stream ended, within a minute. */
    private List<JsonNode> readEvents(URI uri, int count) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(1)).build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            String name = null;
            while (events.size() < count && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:") && "update".equals(name)) {
                    events.add(json.readTree(line.substring("data:".length()).strip()));
                }
            }
        }
        return events;
    }
}
