package dev.deephavencdi.observability.internal;

import dev.deephavencdi.cdi.DeephavenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive when the embedded Deephaven server, if one runs in this JVM, answers a ping within
 * {@link HealthTimeout the timeout} ({@code deephaven.cdi.health.timeout}, 2 s by default): a server that stopped
 * answering means the process should be restarted. Up, with {@code running=false}, when no embedded server runs
 * (every session has a host: its server's health is readiness, not this process's liveness).
 */
@Liveness
@ApplicationScoped
public class EmbeddedServerLivenessCheck implements HealthCheck {
    static final String NAME = "Deephaven embedded server";

    @Inject
    DeephavenConnections connections;

    @Inject
    HealthTimeout timeout;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        try {
            Optional<String> target = connections.embeddedServerTarget();
            if (target.isEmpty()) {
                return response.up().withData("running", false).build();
            }
            response.withData("running", true).withData("target", target.get());
            // the server started for the sessions without a host: ask it through the connection of one of them
            String session = connections.sessionNames().stream()
                    .filter(name -> connections.target(name).equals(target.get()))
                    .findFirst().orElseThrow();
            return response.withData("latency-ms", connections.ping(session, timeout.get()).toMillis())
                    .up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
