package dev.deephavencdi.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deephavencdi.testing.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example in Quarkus dev mode ({@code mvnw quarkus:dev}, as a developer runs it): the embedded server starts
 * once as a Dev Service, a live reload restarts the application but keeps the Dev Service (same target, same key:
 * the application's tickets are republished on the same server), and the Dev UI's JSON-RPC service answers with the
 * published tickets, the sessions and the server's statistics. The reload is the console's forced restart
 * ({@code s}), which reloads exactly as a changed source file does without touching the sources.
 *
 * <p>About a minute on two cores (Maven checks the upstream modules, then dev mode builds and starts the example):
 * the only test that runs dev mode.
 */
class DevModeIT {
    private static final Pattern DEV_SERVICE_STARTED =
            Pattern.compile("Dev Services for Deephaven started the embedded server on (dh\\+plain://\\S+)");
    private static final String RELOADED = "Live reload total time";
    private static final Duration STARTUP = Duration.ofMinutes(6);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void liveReloadKeepsTheDevServiceAndTheDevUiAnswers() throws Exception {
        Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
        Path log = Files.createTempFile("example-dev-mode", ".log");
        int httpPort = freePort();
        Process dev = new ProcessBuilder(List.of(root.resolve("mvnw").toString(), "-B", "-pl", "examples/quarkus-app",
                "-am", "test-compile", "quarkus:dev", "-Dquarkus.http.port=" + httpPort,
                "-Ddeephaven.cdi.embedded.port=0", "-Dquarkus.analytics.disabled=true"))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (OutputStream console = dev.getOutputStream()) {
            String target = awaitTarget(httpPort, dev, log);
            assertThat(devServiceStarts(log)).containsExactly(target);
            String ticketBefore = ticketHex(httpPort);

            console.write("s\n".getBytes(StandardCharsets.US_ASCII)); // the console's forced restart
            console.flush();
            Poll.until(STARTUP, () -> read(log).contains(RELOADED), () -> "no live reload; log: " + tail(log));

            assertThat(awaitTarget(httpPort, dev, log)).as("the target after the reload").isEqualTo(target);
            assertThat(devServiceStarts(log)).as("Dev Service starts").containsExactly(target);
            assertThat(ticketHex(httpPort)).as("the application republished 'prices'").isNotEqualTo(ticketBefore);

            JsonNode tickets = jsonRpc(httpPort, "getTickets");
            JsonNode prices = findByName(tickets, "prices");
            assertThat(prices.path("server").asText()).isEqualTo(target);
            assertThat(prices.path("ticket").path("hex").asText()).isEqualTo(ticketHex(httpPort));
            assertThat(prices.path("size").asLong()).isEqualTo(500);
            assertThat(prices.path("kind").asText()).isEqualTo("static");
            assertThat(prices.path("links").path("rows").asText()).isEqualTo("/deephaven/tickets/prices/rows?limit=20");
            assertThat(findByName(tickets, "ticker").path("kind").asText()).isEqualTo("live");

            JsonNode sessions = jsonRpc(httpPort, "getSessions");
            assertThat(sessions.get(0).path("name").asText()).isEqualTo("(default)");
            assertThat(sessions.get(0).path("target").asText()).isEqualTo(target);

            JsonNode statistics = jsonRpc(httpPort, "getServerStatistics");
            assertThat(statistics.path("running").asBoolean()).isTrue();
            assertThat(statistics.path("target").asText()).isEqualTo(target);
            // the reloaded application's tables only: the first one's were released when it stopped
            assertThat(statistics.path("sharedTickets").asInt()).isEqualTo(tickets.size());

            // the Dev UI's Dev Services card: this service, with the target and key it hands the application
            JsonNode devServices = jsonRpc(httpPort, "devui-dev-services", "getDevServices");
            JsonNode deephaven = findByName(devServices, "deephaven-cdi");
            assertThat(deephaven.toString()).contains("deephaven.cdi.embedded.running-target", target,
                    "deephaven.cdi.embedded.running-auth");

            console.write("q\n".getBytes(StandardCharsets.US_ASCII));
            console.flush();
            assertThat(dev.waitFor(2, TimeUnit.MINUTES)).as("dev mode quit").isTrue();
        } finally {
            dev.descendants().forEach(ProcessHandle::destroyForcibly);
            dev.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** @return the server {@code GET /deephaven/tickets/prices} names, once the application answers */
    private String awaitTarget(int httpPort, Process dev, Path log) {
        String[] target = new String[1];
        Poll.until(STARTUP, () -> {
            if (!dev.isAlive()) {
                throw new AssertionError("dev mode exited; log: " + tail(log));
            }
            try {
                target[0] = json.readTree(get(httpPort, "/deephaven/tickets/prices")).path("server")
                        .path("target").asText(null);
                return target[0] != null;
            } catch (IOException e) {
                return false; // not listening yet, or restarting
            }
        }, () -> "the example did not answer; log: " + tail(log));
        return target[0];
    }

    private String ticketHex(int httpPort) throws IOException {
        return json.readTree(get(httpPort, "/deephaven/tickets/prices")).path("ticket").path("hex").asText();
    }

    private String get(int httpPort, String path) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Calls a method of the extension's Dev UI JSON-RPC namespace over the Dev UI's WebSocket, as the Dev UI does. */
    private JsonNode jsonRpc(int httpPort, String method) throws Exception {
        return jsonRpc(httpPort, "deephaven-cdi-quarkus", method);
    }

    private JsonNode jsonRpc(int httpPort, String namespace, String method) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + httpPort + "/q/dev-ui/json-rpc-ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String message = text.toString();
                            text.setLength(0);
                            if (isAnswerToTheCall(message)) {
                                answer.complete(message);
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        try {
            socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + namespace + "_" + method
                    + "\",\"params\":{}}", true).get(30, TimeUnit.SECONDS);
            JsonNode response = json.readTree(answer.get(60, TimeUnit.SECONDS));
            assertThat(response.has("error")).as(response.toString()).isFalse();
            return response.path("result").path("object");
        } finally {
            socket.abort();
        }
    }

    private boolean isAnswerToTheCall(String message) {
        try {
            return json.readTree(message).path("id").asInt() == 1;
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode findByName(JsonNode entries, String name) {
        for (JsonNode entry : entries) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no entry named " + name + " in " + entries);
    }

    private static List<String> devServiceStarts(Path log) {
        Matcher matcher = DEV_SERVICE_STARTED.matcher(read(log));
        return matcher.results().map(result -> result.group(1)).toList();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        String text = read(log);
        return text.substring(Math.max(0, text.length() - 6000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
