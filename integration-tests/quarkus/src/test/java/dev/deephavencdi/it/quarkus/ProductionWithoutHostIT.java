package dev.deephavencdi.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (production mode) with no host configured: the extension starts no embedded server,
 * although deephaven-cdi-embedded is on the class path, and startup fails naming the keys to set.
 */
class ProductionWithoutHostIT {
    @Test
    void startupFailsNamingTheHostAndTheOptInKey() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).exists();
        Path output = Files.createTempFile("production-without-host", ".log");
        Process app = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            assertThat(app.waitFor(120, TimeUnit.SECONDS)).as("the application exited").isTrue();
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(app.exitValue()).as(log).isNotZero();
            assertThat(log).contains("deephaven.cdi.session.host: the default session has no host, and the embedded"
                    + " server is disabled (deephaven.cdi.embedded.enabled=false); set deephaven.cdi.session.host (or"
                    + " deephaven.cdi.session.target) to a Deephaven server, or deephaven.cdi.embedded.enabled=true"
                    + " for the embedded one");
            assertThat(log).doesNotContain("Deephaven-compatible server listening");
        } finally {
            app.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
