package dev.deephavencdi.it.weld;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.cdi.impl.DeephavenSessions;
import dev.deephavencdi.cdi.impl.PublishedInterceptor;
import dev.deephavencdi.cdi.impl.PublishedTicketsRegistry;
import dev.deephavencdi.cdi.impl.SessionDirectory;
import dev.deephavencdi.cdi.impl.SessionProducers;
import dev.deephavencdi.client.Table;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.Test;

/** {@code @Published} methods that cannot work fail deployment with a message naming the method. */
class PublishedValidationWeldTest {

    /** Not a bean under discovery (no bean-defining annotation); added explicitly below. */
    static class ReturnsAString {
        @Published("names")
        public String names() {
            return "not a table";
        }
    }

    static class PrivateMethod {
        @Published("hidden")
        private Table hidden() {
            return null;
        }
    }

    private static Weld containerWith(Class<?> bean) {
        return new Weld().disableDiscovery().addBeanClasses(DeephavenSessions.class, SessionDirectory.class,
                PublishedTicketsRegistry.class, SessionProducers.class, PublishedInterceptor.class, bean);
    }

    @Test
    void aMethodThatReturnsNoTableFailsDeployment() {
        assertThatThrownBy(() -> containerWith(ReturnsAString.class).initialize().close())
                .hasStackTraceContaining("ReturnsAString.names returns java.lang.String")
                .hasStackTraceContaining("must return dev.deephavencdi.client.Table or a CompletionStage<Table>");
    }

    @Test
    void aPrivateMethodFailsDeployment() {
        assertThatThrownBy(() -> containerWith(PrivateMethod.class).initialize().close())
                .hasStackTraceContaining("PrivateMethod.hidden is private");
    }
}
