package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import dev.deephavencdi.cdi.spi.EmbeddedServerProvider;
import java.util.ServiceLoader;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.Test;

/**
 * The CDI core alone: no embedded server on the class path (the surefire execution {@code no-embedded-server} of this
 * module leaves {@code deephaven-cdi-embedded} and the server out), so a container whose default session has no
 * host fails at startup, naming the artifact to add and the key to set. It runs here, on Weld 6 with the CDI 4.1 API,
 * because the {@code cdi} module itself compiles and tests against the EE 10 APIs.
 */
class NoEmbeddedServerWeldTest {

    @Test
    void theCdiCoreDoesNotBringTheEmbeddedServer() {
        assertThatThrownBy(() -> Class.forName("dev.deephavencdi.server.EmbeddedDeephavenServer"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(ServiceLoader.load(EmbeddedServerProvider.class).findFirst()).isEmpty();
    }

    @Test
    void aSessionWithoutAHostAndNoProviderFailsStartupNamingTheArtifactAndTheKey() {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> new Weld().initialize().close());

        InvalidConfigurationException error = configurationError(failure);
        assertThat(error.key()).isEqualTo("deephaven.cdi.session.host");
        assertThat(error).hasMessageContaining("dev.deephavencdi:deephaven-cdi-embedded")
                .hasMessageContaining("set deephaven.cdi.session.host")
                .hasMessageContaining("default session has no host");
    }

    private static InvalidConfigurationException configurationError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException configuration) {
                return configuration;
            }
        }
        throw new AssertionError("expected an InvalidConfigurationException, got " + failure, failure);
    }
}
