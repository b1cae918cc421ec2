package dev.deephavencdi.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** The REST module's own keys, read as MicroProfile Config serves them. */
class RestConfigurationTest {

    @Test
    void theDefaultPreviewLimitIsTenThousandRows() {
        assertThat(RestConfiguration.read(config(Map.of()))).isEqualTo(10_000);
        assertThat(RestConfiguration.read(config(Map.of("deephaven.cdi.rest.max-preview-rows", " 25 "))))
                .isEqualTo(25);
    }

    @Test
    void aBadLimitNamesTheKeyAndWhatIsAllowed() {
        for (String bad : new String[] {"0", "-3", "lots", "1.5"}) {
            assertThatThrownBy(() -> RestConfiguration.read(config(Map.of("deephaven.cdi.rest.max-preview-rows", bad))))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .satisfies(e -> assertThat(((InvalidConfigurationException) e).key())
                            .isEqualTo("deephaven.cdi.rest.max-preview-rows"))
                    .hasMessageContaining("'" + bad + "' is not a positive number of rows");
        }
    }

    @Test
    void anUnknownKeyUnderTheRestPrefixIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> RestConfiguration.read(config(Map.of("deephaven.cdi.rest.max-preview-rowz", "5"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("deephaven.cdi.rest.max-preview-rowz")
                .hasMessageContaining("[max-preview-rows]");
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }
}
