package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builders validate eagerly and say what is allowed; building a client does not contact the server. */
class ConnectionOptionsTest {

    @Test
    void hostAndPortMakeAPlaintextTargetWithTheDefaultPort() {
        try (DeephavenClient client = DeephavenClient.builder().host("example.invalid").build()) {
            assertThat(client.target()).isEqualTo("dh+plain://example.invalid:10000");
        }
        try (DeephavenClient client = DeephavenClient.builder().host("127.0.0.1").port(1234).tls(true).build()) {
            assertThat(client.target()).isEqualTo("dh://127.0.0.1:1234");
        }
    }

    @Test
    void targetsOfBothSchemesAreAccepted() {
        try (DeephavenClient client = DeephavenClient.builder().target("dh://example.invalid:443").build()) {
            assertThat(client.target()).isEqualTo("dh://example.invalid:443");
        }
        try (DeephavenClient client = DeephavenClient.builder().target("dh+plain://example.invalid:1").build()) {
            assertThat(client.target()).isEqualTo("dh+plain://example.invalid:1");
        }
    }

    @Test
    void badValuesAreRejectedAtOnceNamingTheValue() {
        assertThatThrownBy(() -> Session.builder().host(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
        assertThatThrownBy(() -> Session.builder().host("dh+plain://x:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target(");
        assertThatThrownBy(() -> Session.builder().host("::1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv6");
        assertThatThrownBy(() -> Session.builder().port(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> Session.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Session.builder().target("http://x:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dh+plain://host:port");
        assertThatThrownBy(() -> Session.builder().target("dh://x:1/path")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without user, path or query");
        assertThatThrownBy(() -> Session.builder().target("not a uri")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Session.builder().authentication("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Anonymous");
        assertThatThrownBy(() -> Session.builder().authentication("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Session.builder().trustCertificate(Path.of("/no/such/ca.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/ca.pem");
    }

    @Test
    void contradictoryOrMissingOptionsAreRejectedWhenConnecting() {
        assertThatThrownBy(() -> Session.builder().connect()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host(");
        assertThatThrownBy(() -> Session.builder().target("dh+plain://x:1").port(2).connect())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> DeephavenClient.builder().host("x").tls(false).trustCertificate(existingFile())
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs TLS");
    }

    @Test
    void aTrustCertificateImpliesTlsAndAnUnreadableOneIsRejectedBeforeConnecting() {
        assertThatThrownBy(() -> DeephavenClient.builder().host("example.invalid").trustCertificate(existingFile())
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dh://example.invalid:10000")
                .hasMessageContaining("trust certificate");
    }

    @TempDir
    static Path temp;

    private static Path existingFile() {
        try {
            Path pem = temp.resolve("ca.pem");
            if (!Files.exists(pem)) {
                Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
            }
            return pem;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
