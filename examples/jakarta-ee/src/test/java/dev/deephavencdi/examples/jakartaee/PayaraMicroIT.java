package dev.deephavencdi.examples.jakartaee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The example WAR on a real Payara Micro (EE 10), deployed at boot: it serves the ticket endpoint, the official
 * client and pydeephaven fetch the ticket, the library logs to Payara's log, and on SIGTERM the server's JVM exits
 * (within a minute) and the embedded Deephaven server's port is closed with it.
 * Not tested here: undeploy and redeploy while the server runs. Payara Micro has no undeploy without a restart,
 * and its hot reload (a {@code .reload} file in an exploded WAR, {@code --hotdeploy}) stops the web application's
 * class loader before Weld fires {@code Shutdown}, so the library's shutdown cannot load the classes it needs and
 * the old embedded server keeps its port (see the README, Jakarta EE).
 */
class PayaraMicroIT {

    @Test
    void theWarDeploysServesAndStopsWithTheServer() throws Exception {
        Path war = Path.of(System.getProperty("example.war"));
        Path jar = Path.of(System.getProperty("payara-micro.jar"));
        URI embedded;
        try (PayaraMicroServer payara = PayaraMicroServer.start(jar, war,
                Path.of("target", "payara-micro").toAbsolutePath())) {
            assertThat(payara.jvm().deploymentThreads()).as("Deephaven threads").isNotEmpty();
            embedded = RedeployCycle.serveAndFetch(URI.create("http://127.0.0.1:" + payara.httpPort()
                    + payara.contextRoot() + "/deephaven/tickets/prices"));
            // slf4j-jdk14 in the WAR: the library's lines reach Payara's log through java.util.logging
            assertThat(payara.logContains("Deephaven-compatible server listening on " + "dh+plain://"
                    + embedded.getHost() + ":" + embedded.getPort())).as("the library's log line in " + payara.log())
                    .isTrue();
        }
        assertThatThrownBy(() -> new Socket(embedded.getHost(), embedded.getPort()).close())
                .as("the embedded Deephaven server's port after Payara Micro stopped")
                .isInstanceOf(ConnectException.class);
    }
}
