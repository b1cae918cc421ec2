package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.client.ServerUnavailableException;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.it.fixtures.PriceTables;
import dev.deephavencdi.it.fixtures.RequestTables;
import dev.deephavencdi.proto.Protocol;
import dev.deephavencdi.testing.Poll;
import jakarta.enterprise.context.control.RequestContextController;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * A fault with real processes: the Deephaven server is a process of its own, killed with SIGKILL under a running
 * CDI application. While it is gone, the application's calls fail fast with {@link ServerUnavailableException}
 * naming the server (nothing hangs); once a server listens on the same port again, the application recovers
 * without a restart: request-scoped sessions are new sessions, and they publish and read again.
 */
class ServerKilledWeldTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = UUID.randomUUID().toString();

    @Test
    void callsFailAsUnavailableWhileTheServerIsDeadAndTheApplicationRecoversWhenItIsBack() throws Exception {
        int port = freePort();
        Process deephaven = startServer(port);
        try (TestConfig ignored = TestConfig.install(Map.of(
                "deephaven.cdi.session.host", "127.0.0.1",
                "deephaven.cdi.session.port", Integer.toString(port),
                "deephaven.cdi.session.auth", Protocol.PRE_SHARED_KEY_HANDLER + " " + KEY,
                "deephaven.cdi.embedded.enabled", "false"))) {
            WeldContainer container = new Weld().initialize();
            try {
                PriceTables prices = container.select(PriceTables.class).get();
                assertThat(prices.prices().size()).isEqualTo(1000);
                assertThat(readPerRequest(container)).isEqualTo(7);

                deephaven.destroyForcibly(); // SIGKILL: no goodbye to any client
                assertThat(deephaven.waitFor(30, TimeUnit.SECONDS)).isTrue();

                Throwable failure = catchThrowable(prices::prices);
                assertThat(failure).as("a publish while the server is dead").isNotNull();
                assertThat(causeChain(failure, ServerUnavailableException.class))
                        .as("the failure names the dead server: %s", failure)
                        .isNotNull()
                        .satisfies(e -> assertThat(e.getMessage()).contains("127.0.0.1:" + port));

                deephaven = startServer(port);
                // the channel reconnects after its backoff; until then calls still answer UNAVAILABLE
                Poll.until(WAIT, () -> {
                    try {
                        return readPerRequest(container) == 7;
                    } catch (RuntimeException stillDown) {
                        assertThat(causeChain(stillDown, ServerUnavailableException.class))
                                .as("while reconnecting: %s", stillDown).isNotNull();
                        return false;
                    }
                }, () -> "the application did not recover after the server came back on port " + port);
                assertThat(container.select(PublishedTickets.class).get().find("per-request").orElseThrow()
                        .isReleased()).as("the recovered request's ticket ended with its request").isTrue();
            } finally {
                container.close();
            }
        } finally {
            deephaven.destroyForcibly();
        }
    }

    /** A request of the application: publishes through its request session, reads the rows, ends the request. */
    private static int readPerRequest(WeldContainer container) {
        RequestContextController request = container.select(RequestContextController.class).get();
        request.activate();
        try {
            Table table = container.select(RequestTables.class).get().perRequest();
            return table.readRows(100).size();
        } finally {
            request.deactivate();
        }
    }

    private static <T extends Throwable> T causeChain(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }

    /** The embedded server's standalone main, in a JVM of its own, on {@code port} with the test's key. */
    private static Process startServer(int port) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int attempt = 0; ; attempt++) {
            Process process = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g",
                    "-cp", classPath, "dev.deephavencdi.server.EmbeddedDeephavenServerMain",
                    "--port", Integer.toString(port), "--psk", KEY)
                    .redirectErrorStream(true).start();
            if (awaitListening(process)) {
                return process;
            }
            process.destroyForcibly();
            if (attempt == 20) {
                throw new IllegalStateException("the Deephaven server process did not start on port " + port);
            }
            Thread.sleep(500); // the port was just released
        }
    }

    /** Reads the process's output until it says where it listens (then drains it in the background). */
    private static boolean awaitListening(Process process) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("Deephaven-compatible server listening on")) {
                Thread drain = new Thread(() -> lines.lines().forEach(ignored -> { }), "deephaven-server-output");
                drain.setDaemon(true);
                drain.start();
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
