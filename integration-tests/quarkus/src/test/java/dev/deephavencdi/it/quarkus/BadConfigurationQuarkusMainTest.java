package dev.deephavencdi.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** A bad value fails application startup with a message naming the key. */
@QuarkusMainTest
class BadConfigurationQuarkusMainTest {

    @Test
    void aBadPortFailsStartupNamingTheKey(QuarkusMainLauncher launcher) {
        System.setProperty("deephaven.cdi.session.port", "abc");
        try {
            LaunchResult result = launcher.launch();
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.getErrorOutput() + result.getOutput())
                    .contains("deephaven.cdi.session.port: 'abc' is not a port");
        } finally {
            System.clearProperty("deephaven.cdi.session.port");
        }
    }
}
