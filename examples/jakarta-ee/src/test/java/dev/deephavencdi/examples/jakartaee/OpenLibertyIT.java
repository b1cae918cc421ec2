package dev.deephavencdi.examples.jakartaee;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example WAR on a real Open Liberty (EE 10 features plus MicroProfile Config), deployed and undeployed. */
class OpenLibertyIT {

    @Test
    void theWarDeploysServesUndeploysAndRedeploysCleanly() throws Exception {
        Path war = Path.of(System.getProperty("example.war"));
        Path home = Path.of(System.getProperty("liberty.home"));
        try (LibertyServer liberty = LibertyServer.start(home, "deephaven-it")) {
            RedeployCycle.run("Open Liberty " + System.getProperty("liberty.version"), new RedeployCycle.Deployer() {
                @Override
                public void deploy() throws IOException {
                    liberty.deploy(war);
                }

                @Override
                public void undeploy() throws IOException {
                    liberty.undeploy();
                }

                @Override
                public URI pricesEndpoint() {
                    return URI.create("http://127.0.0.1:" + liberty.httpPort() + liberty.contextRoot()
                            + "/deephaven/tickets/prices");
                }
            }, liberty.jvm(), Integer.getInteger("redeploy.rounds", 2));
        }
    }
}
