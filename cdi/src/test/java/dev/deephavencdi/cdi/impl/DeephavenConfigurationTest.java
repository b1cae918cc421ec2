package dev.deephavencdi.cdi.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeephavenConfigurationTest {

    private static DeephavenConfiguration read(Map<String, String> properties) {
        return DeephavenConfiguration.read(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build());
    }

    @Test
    void withoutConfigurationTheDefaultSessionUsesTheEmbeddedServer() {
        DeephavenConfiguration config = read(Map.of());
        SessionSettings session = config.session("");
        assertThat(session.usesEmbeddedServer()).isTrue();
        assertThat(session.authentication()).isEqualTo("Anonymous");
        assertThat(config.embedded().enabled()).isTrue();
        assertThat(config.embedded().port()).isZero();
        assertThat(config.embedded().sessionDuration()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsTheEmbeddedServersSecuritySettingsSafeByDefault() {
        EmbeddedSettings defaults = read(Map.of()).embedded();
        assertThat(defaults.preSharedKey()).isEmpty(); // the server generates one
        assertThat(defaults.anonymous()).isFalse();
        assertThat(defaults.formulaAllowList()).isTrue();
        assertThat(defaults.allowedFormulaClasses()).isEmpty();
        assertThat(defaults.maxRequestMemory()).isEmpty(); // the server derives it from the heap
        assertThat(defaults.maxSessionMemory()).isEmpty();

        EmbeddedSettings configured = read(Map.of(
                "deephaven.cdi.embedded.psk", "s3cret",
                "deephaven.cdi.embedded.formula-allow-list", "false",
                "deephaven.cdi.embedded.formula-allowed-classes", "java.util.UUID, java.util.Objects",
                "deephaven.cdi.embedded.formula-allowed-methods", "java.lang.System#nanoTime",
                "deephaven.cdi.embedded.max-request-memory", "512m",
                "deephaven.cdi.embedded.max-session-memory", "2g")).embedded();
        assertThat(configured.preSharedKey()).contains("s3cret");
        assertThat(configured.formulaAllowList()).isFalse();
        assertThat(configured.allowedFormulaClasses()).containsExactly("java.util.UUID", "java.util.Objects");
        assertThat(configured.allowedFormulaMethods()).containsExactly("java.lang.System#nanoTime");
        assertThat(configured.maxRequestMemory()).contains(512L << 20);
        assertThat(configured.maxSessionMemory()).contains(2L << 30);
        assertThat(read(Map.of("deephaven.cdi.embedded.anonymous", "true")).embedded().anonymous()).isTrue();
    }

    @Test
    void contradictoryOrMalformedSecuritySettingsFailNamingTheKey() {
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.psk", "k",
                "deephaven.cdi.embedded.anonymous", "true")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deephaven.cdi.embedded.anonymous").hasMessageContaining("choose one");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.max-request-memory", "lots")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deephaven.cdi.embedded.max-request-memory").hasMessageContaining("512m");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.formula-allowed-classes", "no.such.Type")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deephaven.cdi.embedded.formula-allowed-classes")
                .hasMessageContaining("no.such.Type");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.formula-allowed-methods", "System.getenv")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deephaven.cdi.embedded.formula-allowed-methods")
                .hasMessageContaining("class#method");
    }

    @Test
    void aRunningEmbeddedServerIsReadWithItsKeyAndBothMustBeSetTogether() {
        EmbeddedSettings running = read(Map.of(
                "deephaven.cdi.embedded.running-target", "dh+plain://127.0.0.1:41234",
                "deephaven.cdi.embedded.running-auth", "io.deephaven.authentication.psk.PskAuthenticationHandler k"))
                .embedded();
        assertThat(running.runningTarget()).contains("dh+plain://127.0.0.1:41234");
        assertThat(running.runningAuthentication())
                .contains("io.deephaven.authentication.psk.PskAuthenticationHandler k");
        assertThat(read(Map.of()).embedded().runningTarget()).isEmpty();

        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.running-target", "dh+plain://127.0.0.1:1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("deephaven.cdi.embedded.running-auth: ")
                .hasMessageContaining("together");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.running-target", "localhost:1",
                "deephaven.cdi.embedded.running-auth", "Anonymous")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deephaven.cdi.embedded.running-target");
    }

    @Test
    void thePlanNamesConfiguredAndInjectedSessionsAndThoseWithoutAHost() {
        EmbeddedServerPlan plan = EmbeddedServerPlan.read(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(
                        "deephaven.cdi.session.analytics.host", "deephaven.example.com",
                        "deephaven.cdi.session.\"a.b\".auth", "Anonymous",
                        "deephaven.cdi.embedded.port", "12345"), "test", 500)).build(),
                java.util.Set.of("injected"));
        assertThat(plan.sessions()).containsExactly("", "a.b", "analytics", "injected");
        assertThat(plan.sessionsWithoutHost()).containsExactly("", "a.b", "injected");
        assertThat(plan.enabled()).isTrue();
        assertThat(plan.options().port()).isEqualTo(12345);
    }

    @Test
    void readsDefaultAndNamedSessionsIncludingQuotedNames() {
        DeephavenConfiguration config = read(Map.of(
                "deephaven.cdi.session.host", "dh.example.com",
                "deephaven.cdi.session.port", "8443",
                "deephaven.cdi.session.tls", "TRUE",
                "deephaven.cdi.session.auth", "io.deephaven.authentication.psk.PskAuthenticationHandler s3cret",
                "deephaven.cdi.session.analytics.target", "dh+plain://analytics:10000",
                "deephaven.cdi.session.\"eu.west\".host", "eu-west"));
        assertThat(config.session("")).isEqualTo(new SessionSettings("", Optional.of("dh.example.com"), 8443,
                Optional.empty(), "io.deephaven.authentication.psk.PskAuthenticationHandler s3cret", true,
                Optional.empty()));
        assertThat(config.session("analytics").target()).contains("dh+plain://analytics:10000");
        assertThat(config.session("eu.west").host()).contains("eu-west");
        assertThat(config.session("unconfigured").usesEmbeddedServer()).isTrue();
    }

    @Test
    void sessionNamesComeFromKeysOnly() {
        assertThat(DeephavenConfiguration.sessionNames(java.util.List.of(
                "deephaven.cdi.session.host", "deephaven.cdi.session.a.port", "deephaven.cdi.session.\"b.c\".auth",
                "other.key"), key -> false)).containsExactly("a", "b.c");
    }

    @Test
    void unknownKeysFromEnvironmentVariablesAreIgnoredOthersFailStartup() {
        // e.g. Kubernetes adds DEEPHAVEN_CDI_X_PORT for a Service named deephaven-cdi-x
        assertThat(DeephavenConfiguration.sessionNames(java.util.List.of("deephaven.cdi.x.port"), key -> true))
                .isEmpty();
        assertThatThrownBy(() -> DeephavenConfiguration.sessionNames(
                java.util.List.of("deephaven.cdi.x.port"), key -> false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deephaven.cdi.x.port");
    }

    @Test
    void errorsNameTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.session.analytics.port", "0")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("deephaven.cdi.session.analytics.port: '0' is not a port; use a number from 1 to 65535");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.update-cycle", "0s")))
                .hasMessageStartingWith("deephaven.cdi.embedded.update-cycle: must be positive");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.session.host", " ")))
                .hasMessage("deephaven.cdi.session.host: is empty; remove it or give a value");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.session.\"unterminated.host", "x")))
                .hasMessageContaining("quoted session name");
        assertThatThrownBy(() -> read(Map.of("deephaven.cdi.embedded.hots", "x")))
                .hasMessageContaining("known keys under deephaven.cdi.embedded.");
    }
}
