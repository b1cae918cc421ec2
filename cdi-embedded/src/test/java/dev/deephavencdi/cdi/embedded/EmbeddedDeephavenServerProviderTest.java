package dev.deephavencdi.cdi.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.cdi.spi.EmbeddedServerOptions;
import dev.deephavencdi.cdi.spi.EmbeddedServerProvider;
import dev.deephavencdi.cdi.spi.EmbeddedServerProvider.EmbeddedServer;
import dev.deephavencdi.testing.HeaderTokenAuthorization;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.deephaven.client.impl.Session;
import io.deephaven.qst.table.TableSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The provider as the CDI core finds and uses it, judged by the official Java client. */
class EmbeddedDeephavenServerProviderTest {
    private static final EmbeddedServerOptions OPTIONS = new EmbeddedServerOptions(
            "127.0.0.1", 0, Duration.ofSeconds(90), Duration.ofMillis(200), Optional.empty(),
            Optional.of("provider-test-key"), false, true, List.of(), List.of(), Optional.empty(), Optional.empty());

    @Test
    void theServiceLoaderFindsThisProviderAndNoOther() {
        List<String> providers = ServiceLoader.load(EmbeddedServerProvider.class).stream()
                .map(provider -> provider.type().getName()).toList();

        assertThat(providers).containsExactly(EmbeddedDeephavenServerProvider.class.getName());
    }

    @Test
    void theStartedServerHasTheRequestedSettingsAndStopsOnClose() throws Exception {
        EmbeddedServer server = new EmbeddedDeephavenServerProvider().start(OPTIONS);
        try (OfficialClient client = new OfficialClient(server.target())) {
            assertThat(server.port()).isPositive();
            assertThat(server.target()).isEqualTo("dh+plain://127.0.0.1:" + server.port());
            assertThat(server.authentication()).isEqualTo(
                    "io.deephaven.authentication.psk.PskAuthenticationHandler provider-test-key");
            Session session = client.newSession(server.authentication());
            assertThat(session.execute(TableSpec.empty(4)).response().getSize()).isEqualTo(4);
            assertThat(sessionDurationMillis(server)).isEqualTo("90000");
        } finally {
            server.close();
        }
        server.close();
        try (java.net.Socket probe = new java.net.Socket()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> probe.connect(
                    new java.net.InetSocketAddress("127.0.0.1", server.port()), 2000)))
                    .as("nothing listens after close").isInstanceOf(java.io.IOException.class);
        }
    }

    /** What the server tells a client logging in as pydeephaven does. */
    private static String sessionDurationMillis(EmbeddedServer server) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            return ConfigServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
                            new HeaderTokenAuthorization(server.authentication())))
                    .getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance())
                    .getConfigValuesMap().get("http.session.durationMs").getStringValue();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
