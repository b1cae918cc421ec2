package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without Arrow's required {@code --add-opens}, table operations still work and reading rows fails with a message
 * that names the missing JVM option. Runs the client in a child JVM, since the option is fixed per JVM.
 */
class ArrowJvmOptionTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();

    @Test
    void readingRowsWithoutTheAddOpensOptionExplainsWhichOptionIsMissing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", ArrowWithoutAddOpensMain.class.getName(),
                server.target(), server.authentication()))
                .redirectErrorStream(true)
                .start();
        String output = readAll(child);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

        assertThat(output).contains("SIZE 3")
                .contains("READ FAILED FAILED_PRECONDITION")
                .contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
    }

    private static String readAll(Process child) throws IOException {
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
