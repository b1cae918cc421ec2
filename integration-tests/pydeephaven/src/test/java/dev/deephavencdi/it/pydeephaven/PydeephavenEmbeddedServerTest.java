package dev.deephavencdi.it.pydeephaven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.testing.PythonEnvironment;
import dev.deephavencdi.testing.Pytest;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pydeephaven itself, not an imitation of its calls, against the embedded server: the suite in
 * {@code python/tests} runs once with pydeephaven 0.40.7 (the version our server is compatible with) and once with
 * the newest 42.x users will have. Each pytest test is reported in {@code target/pytest-<lock>.xml}.
 */
class PydeephavenEmbeddedServerTest {
    private static final String KEY = "pydeephaven-suite-key";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PythonEnvironment.DEEPHAVEN_0_40_7, PythonEnvironment.PYDEEPHAVEN_42})
    void pydeephavenSuitePasses(String lock) {
        PythonEnvironment python = PythonEnvironment.of(lock);
        try (EmbeddedDeephavenServer server = EmbeddedDeephavenServer.builder().port(0)
                .updateCycle(Duration.ofMillis(100)).preSharedKey(KEY).start()) {
            Path report = Paths.get("target", "pytest-" + lock + ".xml").toAbsolutePath();
            int exit = Pytest.run(python, report, Map.of(
                    "DH_HOST", "127.0.0.1",
                    "DH_PORT", Integer.toString(server.port()),
                    "DH_AUTH_TYPE", "io.deephaven.authentication.psk.PskAuthenticationHandler",
                    "DH_AUTH_TOKEN", KEY,
                    "DH_SERVER_KIND", "embedded"));
            assertThat(exit).as("pytest exit code (report: %s)", report).isZero();
        }
    }
}
