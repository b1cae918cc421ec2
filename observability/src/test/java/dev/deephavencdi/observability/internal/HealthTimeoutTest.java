package dev.deephavencdi.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** {@code deephaven.cdi.health.*}: the checks' timeout, and a clear refusal of what is not one. */
class HealthTimeoutTest {
    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    @Test
    void defaultsToTwoSecondsAndReadsTheDurationForms() {
        assertThat(HealthTimeout.read(config(Map.of()))).isEqualTo(Duration.ofSeconds(2));
        assertThat(HealthTimeout.read(config(Map.of("deephaven.cdi.health.timeout", "750ms"))))
                .isEqualTo(Duration.ofMillis(750));
        assertThat(HealthTimeout.read(config(Map.of("deephaven.cdi.health.timeout", "PT5S"))))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadValueOrAnUnknownKeyIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> HealthTimeout.read(config(Map.of("deephaven.cdi.health.timeout", "soon"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("deephaven.cdi.health.timeout: ")
                .hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> HealthTimeout.read(config(Map.of("deephaven.cdi.health.timeout", "0s"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not a positive duration");
        assertThatThrownBy(() -> HealthTimeout.read(config(Map.of("deephaven.cdi.health.timeout", "100000000h"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("longer than PT1H");
        assertThatThrownBy(() -> HealthTimeout.read(config(Map.of("deephaven.cdi.health.timout", "1s"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("deephaven.cdi.health.timout: unknown configuration key")
                .hasMessageContaining("[timeout]");
    }
}
