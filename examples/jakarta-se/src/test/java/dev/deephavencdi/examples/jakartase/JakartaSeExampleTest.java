package dev.deephavencdi.examples.jakartase;

import static org.assertj.core.api.Assertions.assertThat;

import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.uri.DeephavenTarget;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the example as {@code main} does, on free ports, and uses it as a client would: over real HTTP, and with
 * the official Deephaven Java client against the server the endpoints name.
 *
 * <p>Every 200 from the endpoints also shows that Jersey serves {@code TicketsResource} from the CDI container:
 * without jersey-weld2-se/jersey-cdi1x, HK2 instantiates it itself and fails every request with
 * {@code UnsatisfiedDependencyException} for its {@code @Inject PublishedTickets}.
 */
class JakartaSeExampleTest {
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The embedded server's key, so this test can fetch from it as another client would. */
    private static final String KEY = "jakarta-se-example-test-key";
    private static SmallRyeConfig config;
    private static RunningExample example;

    @BeforeAll
    static void startTheExampleOnFreePorts() {
        config = new SmallRyeConfigBuilder()
                .addDefaultSources() // the example's META-INF/microprofile-config.properties, system properties, env
                .withSources(new PropertiesConfigSource(Map.of(
                        "example.http.port", "0",
                        "deephaven.cdi.embedded.port", "0",
                        "deephaven.cdi.embedded.psk", KEY,
                        "deephaven.cdi.embedded.compiler-cache-dir",
                        Path.of("target", "deephaven-formula-cache").toAbsolutePath().toString()), "test", 500))
                .build();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        resolver.releaseConfig(resolver.getConfig(loader));
        resolver.registerConfig(config, loader);
        example = JakartaSeExample.start();
    }

    @AfterAll
    static void stop() {
        if (example != null) {
            example.close();
        }
        ConfigProviderResolver.instance().releaseConfig(config);
    }

    @Test
    void listsEveryPublishedTableWithItsTicketAndServer() throws Exception {
        HttpResponse<String> response = get("");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonArray tickets = json(response).asJsonArray();
        assertThat(tickets.stream().map(ticket -> ticket.asJsonObject().getString("name")))
                .containsExactly("instruments", "trades", "trades-with-instrument");
        for (JsonValue ticket : tickets) {
            JsonObject server = ticket.asJsonObject().getJsonObject("server");
            assertThat(server.getString("target")).isEqualTo(example.deephavenTarget());
            assertThat(ticket.asJsonObject().getJsonObject("ticket").getString("sharedId")).startsWith("0x");
        }
    }

    @Test
    void describesOneTableWithTheColumnsItsFormulasMade() throws Exception {
        HttpResponse<String> response = get("/trades");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject trades = json(response).asJsonObject();
        assertThat(trades.getString("name")).isEqualTo("trades");
        assertThat(trades.getJsonNumber("size").longValue()).isEqualTo(MarketTables.TRADES);
        assertThat(trades.getBoolean("isStatic")).isTrue();
        assertThat(trades.getBoolean("released")).isFalse();
        assertThat(trades.getJsonArray("columns").stream()
                .map(column -> column.asJsonObject().getString("name") + ":" + column.asJsonObject().getString("type")))
                .containsExactly("TradeId:int", "Sym:java.lang.String", "Price:double", "Quantity:int",
                        "Notional:double");
        URI target = URI.create(example.deephavenTarget());
        JsonObject server = trades.getJsonObject("server");
        assertThat(server.getString("host")).isEqualTo(target.getHost());
        assertThat(server.getInt("port")).isEqualTo(target.getPort()).isPositive();
        assertThat(server.getBoolean("tls")).isFalse();
    }

    @Test
    void previewsJoinedRowsAsJson() throws Exception {
        HttpResponse<String> response = get("/trades-with-instrument/rows?limit=5");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject preview = json(response).asJsonObject();
        assertThat(preview.getInt("limit")).isEqualTo(5);
        assertThat(preview.getJsonNumber("totalRows").longValue()).isEqualTo(MarketTables.TRADES);
        assertThat(preview.getBoolean("truncated")).isTrue();
        List<JsonObject> rows = preview.getJsonArray("rows").getValuesAs(JsonObject.class);
        assertThat(rows).hasSize(5);
        JsonObject first = rows.get(0);
        assertThat(first.getInt("TradeId")).isZero();
        assertThat(first.getString("Sym")).isEqualTo("AAPL");
        assertThat(first.getString("Name")).isEqualTo("Apple");
        assertThat(first.getString("Sector")).isEqualTo("Information Technology");
        assertThat(first.getJsonNumber("Notional").doubleValue())
                .isEqualTo(first.getJsonNumber("Price").doubleValue() * first.getInt("Quantity"));
        assertThat(rows.get(2).getString("Name")).isEqualTo("Alphabet");
    }

    @Test
    void anUnknownNameIsA404ProblemNamingWhatIsPublished() throws Exception {
        HttpResponse<String> response = get("/no-such-table");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonObject problem = json(response).asJsonObject();
        assertThat(problem.getInt("status")).isEqualTo(404);
        assertThat(problem.getString("type")).endsWith("/unknown-table");
        assertThat(problem.getString("instance")).isEqualTo("/deephaven/tickets/no-such-table");
        assertThat(problem.getString("detail")).contains("no-such-table", "trades-with-instrument");
    }

    @Test
    void streamsAWholeTableAsArrow() throws Exception {
        HttpResponse<byte[]> response = http.send(request("/trades/arrow"), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.arrow.stream");
        long rows = 0;
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(
                        Channels.newChannel(new ByteArrayInputStream(response.body())), allocator)) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        assertThat(rows).isEqualTo(MarketTables.TRADES);
    }

    @Test
    void theOfficialDeephavenClientFetchesTheTicketFromTheServerTheEndpointNames() throws Exception {
        JsonObject joined = json(get("/trades-with-instrument")).asJsonObject();
        String target = joined.getJsonObject("server").getString("target");
        String sharedId = joined.getJsonObject("ticket").getString("sharedId");
        SharedId id = new SharedId(HexFormat.of().parseHex(sharedId.substring(2)));

        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        SessionFactoryConfig.Factory factory = SessionFactoryConfig.builder()
                .clientConfig(ClientConfig.builder().target(DeephavenTarget.of(URI.create(target))).build())
                .scheduler(scheduler)
                .build()
                .factory();
        try (io.deephaven.client.impl.Session session = factory.newSession(io.deephaven.client.impl.SessionConfig
                .builder().authenticationTypeAndValue("io.deephaven.authentication.psk.PskAuthenticationHandler "
                        + KEY).build());
                TableHandle fetched = session.execute(id.ticketId().table());
                TableHandle communication = fetched.where("Sector = `Communication Services`")) {
            assertThat(fetched.response().getSize()).isEqualTo(MarketTables.TRADES);
            assertThat(communication.response().getSize()).isEqualTo(MarketTables.TRADES / 4);
        } finally {
            factory.managedChannel().shutdownNow();
            scheduler.shutdownNow();
        }
    }

    @Test
    void theBannerNamesTheEndpointsAndTheDeephavenServer() {
        String banner = example.banner();

        assertThat(example.ticketsUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/deephaven/tickets");
        assertThat(example.deephavenTarget()).matches("dh\\+plain://127\\.0\\.0\\.1:\\d+");
        assertThat(banner).contains(example.ticketsUri().toString(), example.deephavenTarget(),
                "port " + URI.create(example.deephavenTarget()).getPort(),
                example.ticketsUri() + "/trades-with-instrument/rows?limit=5");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(example.ticketsUri() + path)).timeout(Duration.ofSeconds(60)).build();
    }

    private static JsonValue json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readValue();
        }
    }
}
