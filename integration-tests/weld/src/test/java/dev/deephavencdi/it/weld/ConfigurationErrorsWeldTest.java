package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad or missing value fails container startup with a message that names the key. */
class ConfigurationErrorsWeldTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "deephaven.cdi.session.port|abc|not a port",
        "deephaven.cdi.session.port|70000|not a port",
        "deephaven.cdi.session.tls|maybe|not a boolean",
        "deephaven.cdi.session.hots|localhost|unknown configuration key",
        "deephaven.cdi.sesion.host|localhost|unknown configuration key",
        "deephaven.cdi.session.analytics.prot|1|unknown configuration key",
        "deephaven.cdi.session.target|http://localhost:10000|not a Deephaven target",
        "deephaven.cdi.session.trust-certificate|/no/such/file.pem|cannot read",
        "deephaven.cdi.embedded.session-duration|10 parsecs|not a duration",
        "deephaven.cdi.embedded.session-duration|100ms|at least 1s",
        "deephaven.cdi.embedded.port|-1|not a port",
    })
    void badValuesFailStartupNamingTheKey(String key, String value, String explanation) {
        try (TestConfig ignored = TestConfig.install(Map.of(key, value))) {
            Throwable failure = catchThrowable(() -> new Weld().initialize().close());
            assertThat(configurationError(failure).key()).isEqualTo(key);
            assertThat(configurationError(failure)).hasMessageContaining(explanation);
        }
    }

    @ParameterizedTest
    @CsvSource({"deephaven.cdi.session.host", "deephaven.cdi.session.target"})
    void aMissingHostWithTheEmbeddedServerDisabledFailsStartup(String ignoredColumn) {
        try (TestConfig ignored = TestConfig.install(Map.of("deephaven.cdi.embedded.enabled", "false"))) {
            Throwable failure = catchThrowable(() -> new Weld().initialize().close());
            assertThat(configurationError(failure).key()).isEqualTo("deephaven.cdi.session.host");
            assertThat(configurationError(failure)).hasMessageContaining("embedded server is disabled");
        }
    }

    @org.junit.jupiter.api.Test
    void hostAndTargetTogetherAreRejected() {
        try (TestConfig ignored = TestConfig.install(Map.of(
                "deephaven.cdi.session.host", "localhost",
                "deephaven.cdi.session.target", "dh+plain://localhost:10000"))) {
            Throwable failure = catchThrowable(() -> new Weld().initialize().close());
            assertThat(configurationError(failure)).hasMessageContaining("not both");
        }
    }

    private static InvalidConfigurationException configurationError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException configuration) {
                return configuration;
            }
        }
        return Assertions.fail("expected an InvalidConfigurationException, got " + failure, failure);
    }
}
