package dev.deephavencdi.examples.jakartaee;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
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

                /**
                 * An idle Undertow worker thread keeps the last request it ran as a live local of its loop
                 * ({@code EnhancedQueueExecutor$ThreadBody.run}) until it runs the next one, and that request task
                 * references its web application, class loader and all: at most the copies whose requests were the
                 * last on some worker, released as soon as other requests run there (the metaspace figures show it
                 * does not add up). Other traffic would release it; a test has none.
                 */
                @Override
                public Set<String> boundedServerHolders() {
                    return Set.of("org.jboss.threads.EnhancedQueueExecutor$Task");
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
