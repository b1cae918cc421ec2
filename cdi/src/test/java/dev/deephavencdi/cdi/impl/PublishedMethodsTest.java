package dev.deephavencdi.cdi.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.cdi.Published;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The binding lookup the interceptor uses instead of Interceptors 2.2's {@code getInterceptorBinding} (absent on
 * EE 10 servers): the method's binding wins over its class's, and a container's subclass of the bean still shows the
 * class-level binding.
 */
class PublishedMethodsTest {

    static class MethodLevel {
        @Published("prices")
        public Object prices() {
            return null;
        }

        @Published
        public Object quotes() {
            return null;
        }
    }

    @Published("class-level")
    static class ClassLevel {
        public Object table() {
            return null;
        }

        @Published("own")
        public Object overridden() {
            return null;
        }
    }

    /** What Weld and ArC intercept: a generated subclass of the bean class. */
    static class ClassLevelContainerSubclass extends ClassLevel {}

    static class Plain {
        public Object table() {
            return null;
        }
    }

    @Test
    void methodLevelBindingGivesTheNameOrTheMethodName() throws Exception {
        Method prices = MethodLevel.class.getMethod("prices");
        Method quotes = MethodLevel.class.getMethod("quotes");

        assertThat(PublishedMethods.nameOf(PublishedMethods.bindingOf(prices, new MethodLevel()), prices))
                .isEqualTo("prices");
        assertThat(PublishedMethods.nameOf(PublishedMethods.bindingOf(quotes, new MethodLevel()), quotes))
                .isEqualTo("quotes");
    }

    @Test
    void classLevelBindingAppliesToEveryMethodUnlessTheMethodHasItsOwn() throws Exception {
        Method table = ClassLevel.class.getMethod("table");
        Method overridden = ClassLevel.class.getMethod("overridden");

        assertThat(PublishedMethods.bindingOf(table, new ClassLevelContainerSubclass()).value())
                .isEqualTo("class-level");
        assertThat(PublishedMethods.bindingOf(table, null).value()).isEqualTo("class-level");
        assertThat(PublishedMethods.bindingOf(overridden, new ClassLevelContainerSubclass()).value())
                .isEqualTo("own");
    }

    @Test
    void noVisibleBindingFallsBackToTheMethodName() throws Exception {
        Method table = Plain.class.getMethod("table");

        assertThat(PublishedMethods.bindingOf(table, new Plain())).isNull();
        assertThat(PublishedMethods.nameOf(null, table)).isEqualTo("table");
    }
}
