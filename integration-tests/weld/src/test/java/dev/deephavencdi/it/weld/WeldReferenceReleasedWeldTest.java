package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * Weld's translator of build compatible extensions keeps the last container that ran one (the library's) in a
 * static field of a class the application server owns; the library's shutdown clears it, so an undeployed
 * application is not kept whole until the next deployment replaces it.
 */
class WeldReferenceReleasedWeldTest {

    @Test
    void shutdownReleasesWeldsStaticReferenceToTheContainer() throws Exception {
        Field factory = Class.forName("org.jboss.weld.lite.extension.translator.BuildServicesImpl")
                .getDeclaredField("ANN_FACTORY_IMPL_INSTANCE");
        factory.setAccessible(true);
        // a server that is never contacted: nothing to start, only the shutdown path to run
        try (TestConfig config = TestConfig.install(Map.of("deephaven.cdi.session.host", "127.0.0.1",
                "deephaven.cdi.session.port", "1"))) {
            WeldContainer container = new Weld().initialize();
            assertThat(factory.get(null)).as("Weld's reference while the container runs").isNotNull();
            container.shutdown();
            assertThat(factory.get(null)).as("Weld's reference after the container shut down").isNull();
        }
    }
}
