package dev.deephavencdi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeyCatalogTest {

    @Test
    void environmentVariablesMapBackToTheKeysMicroProfileConfigReadsThemFor() {
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_SESSION_HOST")).hasValue("deephaven.cdi.session.host");
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_SESSION_TRUST_CERTIFICATE"))
                .hasValue("deephaven.cdi.session.trust-certificate");
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_EMBEDDED_SESSION_DURATION"))
                .hasValue("deephaven.cdi.embedded.session-duration");
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_REST_MAX_PREVIEW_ROWS"))
                .hasValue("deephaven.cdi.rest.max-preview-rows");
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_SESSION_ANALYTICS_PORT"))
                .hasValue("deephaven.cdi.session.<name>.port");
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_SESSION__A_B__TLS"))
                .hasValue("deephaven.cdi.session.<name>.tls");
    }

    @Test
    void misspeltEnvironmentVariablesMapToNoKey() {
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_SESSION_HOTS")).isEmpty();
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_EMBEDED_PORT")).isEmpty();
        assertThat(ConfigKeyCatalog.templateOfEnv("DEEPHAVEN_CDI_EXAMPLE_PORT")).isEmpty();
    }

    @Test
    void namedSessionKeysBecomeTemplatesWhateverTheName() {
        assertThat(ConfigKeyCatalog.template("deephaven.cdi.session.analytics.host"))
                .isEqualTo("deephaven.cdi.session.<name>.host");
        assertThat(ConfigKeyCatalog.template("deephaven.cdi.session.\"a.b\".auth"))
                .isEqualTo("deephaven.cdi.session.<name>.auth");
        assertThat(ConfigKeyCatalog.template("deephaven.cdi.session.host")).isEqualTo("deephaven.cdi.session.host");
        assertThat(ConfigKeyCatalog.template("deephaven.cdi.embedded.port")).isEqualTo("deephaven.cdi.embedded.port");
    }

    @Test
    void readmeRowsMayUseOptionalPartsAndAlternatives() {
        List<String> readme = List.of(
                "## Configuration",
                "| Key | Default | Meaning |",
                "|---|---|---|",
                "| `deephaven.cdi.session[.\"name\"].{host,port}` | embedded | where the session connects |",
                "| `deephaven.cdi.embedded.port` | `0` | the embedded server's port |",
                "| the preview limit | `deephaven.cdi.rest.max-preview-rows` in a later cell | |",
                "Prose with `deephaven.cdi.session.tls` outside a table.");

        assertThat(ConfigKeyCatalog.fromReadmeTable(readme)).containsExactlyInAnyOrder(
                "deephaven.cdi.session.host", "deephaven.cdi.session.port",
                "deephaven.cdi.session.<name>.host", "deephaven.cdi.session.<name>.port",
                "deephaven.cdi.embedded.port");
    }

    @Test
    void readmeRowsMayNameTheSessionWithAPlaceholder() {
        List<String> readme = List.of(
                "| `deephaven.cdi.session.\"<name>\".target` | | |",
                "| `deephaven.cdi.session.<name>.trust-certificate` | | |");

        assertThat(ConfigKeyCatalog.fromReadmeTable(readme)).containsExactlyInAnyOrder(
                "deephaven.cdi.session.<name>.target", "deephaven.cdi.session.<name>.trust-certificate");
    }

    @Test
    void aPlaceholderLeafStandsForEveryKeyOfItsGroup() {
        List<String> readme = List.of("| `deephaven.cdi.session.\"<name>\".<key>` | as above | the same keys per name |");

        assertThat(ConfigKeyCatalog.fromReadmeTable(readme)).containsExactlyInAnyOrder(
                "deephaven.cdi.session.<name>.host", "deephaven.cdi.session.<name>.port",
                "deephaven.cdi.session.<name>.target", "deephaven.cdi.session.<name>.auth",
                "deephaven.cdi.session.<name>.tls", "deephaven.cdi.session.<name>.trust-certificate");
    }
}
