package dev.deephavencdi.observability.internal;

import dev.deephavencdi.cdi.DeephavenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the server of every configured session answers a ping within {@link HealthTimeout the timeout}
 * ({@code deephaven.cdi.health.timeout}, 2 s by default). One check, with each session's target and latency (or
 * error) in its data under the session's name ({@code default} for the default session), as Quarkus' own client
 * extensions report their named clients: {@code default.target},
 * {@code default.latency-ms}, {@code prices.error}, ...
 */
@Readiness
@ApplicationScoped
public class SessionsReadinessCheck implements HealthCheck {
    static final String NAME = "Deephaven sessions";

    @Inject
    DeephavenConnections connections;

    @Inject
    HealthTimeout timeout;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        boolean allUp = true;
        try {
            for (String name : connections.sessionNames()) {
                String label = name.isEmpty() ? "default" : name;
                try {
                    response.withData(label + ".target", connections.target(name));
                    Duration latency = connections.ping(name, timeout.get());
                    response.withData(label + ".latency-ms", latency.toMillis());
                } catch (RuntimeException e) {
                    allUp = false;
                    response.withData(label + ".error", String.valueOf(e.getMessage()));
                }
            }
        } catch (RuntimeException e) { // the container is shutting down, or the configuration is unreadable
            allUp = false;
            response.withData("error", String.valueOf(e.getMessage()));
        }
        return response.status(allUp).build();
    }
}
