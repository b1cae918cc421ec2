package dev.deephavencdi.examples.jakartaee;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example WAR on a real WildFly ({@code standalone-microprofile.xml}), deployed and undeployed five times. */
class WildFlyIT {

    @Test
    void theWarDeploysServesUndeploysAndRedeploysCleanly() throws Exception {
        Path war = Path.of(System.getProperty("example.war"));
        Path home = Path.of(System.getProperty("wildfly.home"));
        try (WildFlyServer wildfly = WildFlyServer.start(home, Path.of("target", "wildfly.log").toAbsolutePath())) {
            RedeployCycle.run("WildFly " + System.getProperty("wildfly.version"), new RedeployCycle.Deployer() {
                @Override
                public void deploy() throws IOException {
                    wildfly.deploy(war);
                }

                @Override
                public void undeploy() throws IOException {
                    wildfly.undeploy();
                }

                @Override
                public void serveOtherTraffic() throws IOException {
                    wildfly.serveOtherTraffic();
                }

                @Override
                public URI pricesEndpoint() {
                    return URI.create("http://127.0.0.1:" + wildfly.httpPort() + wildfly.contextRoot()
                            + "/deephaven/tickets/prices");
                }
            }, wildfly.jvm(), Integer.getInteger("redeploy.rounds", 2));
        }
    }
}
