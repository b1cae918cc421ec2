package dev.deephavencdi.example;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;

/** The example's HTTP surface over real HTTP, against the tables it publishes at startup. */
@QuarkusTest
class TicketEndpointsTest {

    @Inject
    RequestScopedTables requestScopedTables;

    @Inject
    Instance<RequestContextController> requestControllers;

    @Test
    void listsThePublishedTablesWithTicketsAndServer() {
        given().get("/deephaven/tickets").then()
                .statusCode(200)
                .contentType("application/json")
                .body("name", hasItems("prices", "trade-values", "trades"))
                .body("find { it.name == 'prices' }.ticket.hex", startsWith("68"))
                .body("find { it.name == 'prices' }.server.target", startsWith("dh+plain://127.0.0.1:"))
                .body("find { it.name == 'prices' }.size", equalTo(MarketTables.INSTRUMENTS))
                .body("find { it.name == 'prices' }.columns.name", hasItems("Symbol", "Price", "Volume", "Notional"));
    }

    @Test
    void describesOneTable() {
        given().get("/deephaven/tickets/trade-values").then()
                .statusCode(200)
                .body("name", equalTo("trade-values"))
                .body("isStatic", equalTo(true))
                .body("size", equalTo(MarketTables.TRADES))
                .body("columns.find { it.name == 'Value' }.type", equalTo("double"))
                .body("ticket.sharedId", startsWith("0x"));
    }

    @Test
    void unknownNamesAreA404ProblemDocument() {
        given().get("/deephaven/tickets/no-such-table").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("No table published under this name"))
                .body("detail", containsString("prices"))
                .body("instance", equalTo("/deephaven/tickets/no-such-table"));
    }

    @Test
    void releasedTablesAreA410ProblemDocument() throws Exception {
        CompletableFuture.runAsync(() -> {
            RequestContextController requests = requestControllers.get();
            requests.activate();
            try {
                requestScopedTables.scratch();
                // previewed while live (the second answer is the remembered preview of a static table) ...
                for (int read = 0; read < 2; read++) {
                    given().get("/deephaven/tickets/scratch/rows").then().statusCode(200)
                            .body("rows", hasSize(3)).body("rows[2].X", equalTo(2));
                }
            } finally {
                requests.deactivate(); // the request session closes, and its ticket with it
            }
        }).get(60, TimeUnit.SECONDS);

        given().get("/deephaven/tickets/scratch").then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("status", equalTo(410))
                .body("detail", containsString("released"));
        // ... and never served once released
        given().get("/deephaven/tickets/scratch/rows").then().statusCode(410);
    }

    @Test
    void previewsRowsAsJson() {
        given().queryParam("limit", 3).get("/deephaven/tickets/prices/rows").then()
                .statusCode(200)
                .body("rows", hasSize(3))
                .body("rows[1].Symbol", equalTo("SYM1"))
                .body("rows[1].Price", equalTo(101.25f))
                .body("totalRows", equalTo(MarketTables.INSTRUMENTS))
                .body("truncated", equalTo(true));
        given().get("/deephaven/tickets/prices/rows").then().statusCode(200).body("rows", hasSize(100));
    }

    @Test
    void badLimitsAreA400ProblemDocument() {
        for (String limit : new String[] {"0", "-1", "abc", "10001", "1.5"}) {
            given().queryParam("limit", limit).get("/deephaven/tickets/prices/rows").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("limit must be a whole number from 1 to 10000"));
        }
    }

    @Test
    void streamsTheWholeTableAsArrowIpc() throws Exception {
        byte[] body = given().accept("application/vnd.apache.arrow.stream")
                .get("/deephaven/tickets/trade-values/arrow").then()
                .statusCode(200)
                .contentType("application/vnd.apache.arrow.stream")
                .extract().asByteArray();
        long rows = 0;
        double totalValue = 0;
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(body), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getSchema().getFields()).extracting(f -> f.getName())
                    .containsExactly("TradeId", "Symbol", "Quantity", "Side", "Price", "Value");
            while (reader.loadNextBatch()) {
                Float8Vector value = (Float8Vector) root.getVector("Value");
                for (int i = 0; i < root.getRowCount(); i++) {
                    totalValue += value.get(i);
                }
                rows += root.getRowCount();
            }
        }
        assertThat(rows).isEqualTo(MarketTables.TRADES);
        assertThat(totalValue).isEqualTo(expectedTotalTradeValue());
    }

    /** Sum over trades of Price(symbol) * Quantity, computed in Java from the same formulas. */
    private static double expectedTotalTradeValue() {
        double total = 0;
        for (int i = 0; i < MarketTables.TRADES; i++) {
            int instrument = i % MarketTables.INSTRUMENTS;
            double price = 100.0 + (instrument % 37) * 1.25;
            total += price * (1 + i % 100);
        }
        return total;
    }

    @Test
    void publishesAnOpenApiDescription() {
        given().get("/q/openapi").then()
                .statusCode(200)
                .body(containsString("/deephaven/tickets/{name}/rows"))
                .body(containsString("Preview the first rows as JSON"));
    }
}
