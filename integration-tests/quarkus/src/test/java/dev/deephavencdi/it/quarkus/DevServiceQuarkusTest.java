package dev.deephavencdi.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.client.Session;
import dev.deephavencdi.it.fixtures.NamedSessions;
import dev.deephavencdi.quarkus.runtime.SessionNames;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * In test mode with no host configured, the extension starts the embedded server as a Dev Service and hands each
 * session its target and key as configuration; the application connects to it as to any configured server.
 */
@QuarkusTest
class DevServiceQuarkusTest {
    @Inject
    Session session;

    @Inject
    NamedSessions named;

    @Inject
    SessionNames sessionNames;

    @Inject
    Config config;

    @Test
    void sessionsWithoutAHostConnectToTheDevServiceThroughItsConfiguration() {
        ConfigValue target = config.getConfigValue("deephaven.cdi.embedded.running-target");
        assertThat(target.getValue()).startsWith("dh+plain://127.0.0.1:");
        assertThat(target.getSourceName()).containsIgnoringCase("DevServices");
        assertThat(session.target()).isEqualTo(target.getValue());
        assertThat(named.analytics().target()).isEqualTo(target.getValue());
        // started with this module's deephaven.cdi.embedded.psk, which its sessions present by themselves
        assertThat(config.getValue("deephaven.cdi.embedded.running-auth", String.class))
                .isEqualTo("io.deephaven.authentication.psk.PskAuthenticationHandler quarkus-embedded-default-test-key");
        assertThat(sessionNames.devService()).isTrue();
        assertThat(sessionNames.names()).containsExactly("", "analytics");
    }

    @Test
    void theDevServiceIsSharedWithATestProfileThatKeepsItsOptions() {
        SharedDevServiceProbe.leaveOrVerify("default", config, session);
    }
}
