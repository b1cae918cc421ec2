package dev.deephavencdi.it.pydeephaven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.testing.PythonEnvironment;
import dev.deephavencdi.testing.Pytest;
import dev.deephavencdi.testing.RealDeephavenServer;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same {@code python/tests} suite {@link PydeephavenEmbeddedServerTest} runs, against the real Deephaven server
 * 0.40.7 (one per kind for the module, {@link RealDeephavenServer}): anonymous and with a pre-shared key. With
 * {@code DH_SERVER_KIND=real} the tests whose answers legitimately differ (garbage-collected shared tickets, a
 * subscription outliving its publisher's export) assert the real server's answer; the README's "differs from the
 * real server" rows list them.
 */
@ExtendWith(RealDeephavenServer.class)
class PydeephavenRealServerTest {

    @Test
    void pydeephaven0407SuitePassesAgainstTheRealServerAnonymously(RealDeephavenServerProcess server) {
        assertThat(suite(PythonEnvironment.DEEPHAVEN_0_40_7, server, "anonymous")).isZero();
    }

    @Test
    void pydeephaven0407SuitePassesAgainstTheRealServerWithAPreSharedKey(
            @RealDeephavenServer.PreSharedKey RealDeephavenServerProcess server) {
        assertThat(suite(PythonEnvironment.DEEPHAVEN_0_40_7, server, "psk")).isZero();
    }

    @Test
    void pydeephaven42SuitePassesAgainstTheRealServerAnonymously(RealDeephavenServerProcess server) {
        assertThat(suite(PythonEnvironment.PYDEEPHAVEN_42, server, "anonymous")).isZero();
    }

    private static int suite(String lock, RealDeephavenServerProcess server, String kind) {
        Path report = Paths.get("target", "pytest-real-" + kind + "-" + lock + ".xml").toAbsolutePath();
        String token = server.preSharedKey() == null ? "" : server.preSharedKey();
        return Pytest.run(PythonEnvironment.of(lock), report, Map.of(
                "DH_HOST", server.host(),
                "DH_PORT", Integer.toString(server.port()),
                "DH_AUTH_TYPE", server.authenticationType(),
                "DH_AUTH_TOKEN", token,
                "DH_SERVER_KIND", "real"));
    }
}
