package dev.deephavencdi.example;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deephavencdi.testing.PythonEnvironment;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The live view page ({@code /deephaven/live}) in a real headless Chromium: Debian's {@code chromium}, driven by
 * {@code playwright-core} from {@code browser/package-lock.json} (installed by {@code browser/ensure-node-modules},
 * which fails, saying what to install, when Node.js, npm or Chromium is missing: this test is never skipped).
 */
@QuarkusTest
class LiveViewPageBrowserTest {
    @TestHTTPResource("/deephaven/live")
    URI page;

    @Test
    void thePageIsServedAsHtml() {
        given().get("/deephaven/live").then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>Deephaven live view</title>"));
    }

    @Test
    void chromiumRendersTheTickersRowsAndTheyChangeAsItTicks() throws Exception {
        JsonNode seen = new ObjectMapper().readTree(runInChromium(page, "ticker"));

        List<String> tickets = new ArrayList<>();
        seen.get("tickets").forEach(name -> tickets.add(name.asText()));
        assertThat(tickets).contains("prices", "ticker", "trade-values", "trades");
        assertThat(seen.get("selected").asText()).isEqualTo("true");
        assertThat(seen.get("pageErrors")).isEmpty();

        JsonNode first = seen.get("first");
        JsonNode later = seen.get("later");
        assertThat(first.get("header").toString()).contains("\"Tick\"", "\"Symbol\"", "\"Price\"");
        assertThat(first.get("rows").size()).isBetween(1, 20);
        assertThat(later.get("rows").size()).isBetween(1, 20);
        assertThat(later.get("events").asInt()).isGreaterThanOrEqualTo(first.get("events").asInt() + 3);
        assertThat(newestTick(later)).as("the newest rendered tick moved on")
                .isGreaterThan(newestTick(first));
        assertThat(later.get("rows").get(0).get("Symbol").asText()).startsWith("SYM");
        assertThat(later.get("status").asText()).contains("updates received");
    }

    private static long newestTick(JsonNode view) {
        JsonNode rows = view.get("rows");
        return Long.parseLong(rows.get(rows.size() - 1).get("Tick").asText());
    }

    /** @return the JSON line {@code browser/live-view-check.mjs} printed */
    private static String runInChromium(URI page, String table) throws IOException, InterruptedException {
        Path root = PythonEnvironment.projectRoot();
        Path modules = root.resolve("target").resolve("browser").resolve("node_modules");
        run(List.of(root.resolve("browser").resolve("ensure-node-modules").toString(), modules.toString()),
                modules, 300);
        return run(List.of("node", root.resolve("browser").resolve("live-view-check.mjs").toString(),
                page.toString(), table), modules, 120);
    }

    private static String run(List<String> command, Path modules, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PLAYWRIGHT_NODE_MODULES", modules.toString());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (" + e.getMessage() + "): the live view"
                    + " browser test needs Node.js 18+ with npm and Debian's chromium (apt-get install nodejs npm"
                    + " chromium)", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds
                    + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + " failed (its messages are above):\n" + text)
                .isZero();
        return text.strip();
    }
}
