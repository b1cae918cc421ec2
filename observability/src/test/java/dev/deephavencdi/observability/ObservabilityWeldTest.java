package dev.deephavencdi.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.proto.SharedTicket;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The health checks and meters on Weld (no Quarkus): the default session uses the embedded server, the session
 * named {@code unreachable} a port nothing listens on, the session named {@code silent} a socket that accepts
 * connections and never answers (so only the configured timeout ends its ping).
 */
class ObservabilityWeldTest {
    private static int closedPort;
    private static ServerSocket silent;
    private static SmallRyeConfig config;
    private static WeldContainer container;

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        silent = new ServerSocket(0); // never accept()ed: the kernel completes connections, nothing answers
        config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "deephaven.cdi.embedded.port", "0",
                "deephaven.cdi.session.unreachable.host", "127.0.0.1",
                "deephaven.cdi.session.unreachable.port", Integer.toString(closedPort),
                "deephaven.cdi.session.silent.host", "127.0.0.1",
                "deephaven.cdi.session.silent.port", Integer.toString(silent.getLocalPort()),
                "deephaven.cdi.health.timeout", "300ms"), "test", 500)).build();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        resolver.registerConfig(config, loader);
        container = new Weld().initialize();
    }

    @AfterAll
    static void stop() throws IOException {
        container.close();
        ConfigProviderResolver.instance().releaseConfig(config);
        silent.close();
    }

    @Test
    void readinessIsDownNamingTheUnreachableSessionWhileTheDefaultOneAnswers() {
        HealthCheckResponse response = container.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call();

        assertThat(response.getName()).isEqualTo("Deephaven sessions");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        Map<String, Object> data = response.getData().orElseThrow();
        assertThat((String) data.get("default.target")).startsWith("dh+plain://127.0.0.1:");
        assertThat((Long) data.get("default.latency-ms")).isNotNegative();
        assertThat(data).doesNotContainKey("default.error");
        assertThat(data.get("unreachable.target")).isEqualTo("dh+plain://127.0.0.1:" + closedPort);
        assertThat((String) data.get("unreachable.error")).contains("127.0.0.1:" + closedPort);
        assertThat(data).doesNotContainKey("unreachable.latency-ms");
        assertThat((String) data.get("silent.error")).as("the configured deephaven.cdi.health.timeout")
                .contains("timeout PT0.3S");
        assertThat(data).doesNotContainKey("silent.latency-ms");
    }

    @Test
    void livenessIsUpWhileTheEmbeddedServerAnswers() {
        HealthCheckResponse response = container.select(HealthCheck.class, Liveness.Literal.INSTANCE).get().call();

        assertThat(response.getName()).isEqualTo("Deephaven embedded server");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        Map<String, Object> data = response.getData().orElseThrow();
        assertThat(data.get("running")).isEqualTo(true);
        assertThat((String) data.get("target")).startsWith("dh+plain://127.0.0.1:");
        assertThat((Long) data.get("latency-ms")).isNotNegative();
    }

    @Test
    void theBinderReportsEachSessionNameAndCountsAPublish() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        container.select(DeephavenMetrics.class).get().bindTo(registry);
        Session session = container.select(Session.class).get();
        FunctionTimer publishes = registry.get("deephaven.publishes").tag("session", "default").functionTimer();
        double before = publishes.count();

        try (Table table = session.emptyTable(3)) {
            session.publishTable(SharedTicket.random(), table);
            assertThat(publishes.count()).isEqualTo(before + 1);
            assertThat(registry.get("deephaven.exports").tag("session", "default").gauge().value())
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(registry.get("deephaven.sessions.open").tag("session", "default").gauge().value()).isEqualTo(1);
        assertThat(registry.get("deephaven.sessions.open").tag("session", "unreachable").gauge().value())
                .as("nothing opened a session of that name").isZero();
        assertThat(registry.get("deephaven.publishes").tag("session", "unreachable").functionTimer().count())
                .isZero();
    }
}
