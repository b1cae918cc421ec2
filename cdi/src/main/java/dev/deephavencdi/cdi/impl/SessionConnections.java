package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.DeephavenConnections;
import dev.deephavencdi.client.ClientStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link DeephavenConnections} over the connections {@link DeephavenSessions} owns. */
@ApplicationScoped
public class SessionConnections implements DeephavenConnections {
    @Inject
    DeephavenSessions sessions;

    @Override
    public List<String> sessionNames() {
        return sessions.sessionNames();
    }

    @Override
    public String target(String name) {
        return sessions.targetOf(configured(name));
    }

    @Override
    public Duration ping(String name, Duration timeout) {
        return sessions.connection(configured(name)).ping(timeout);
    }

    @Override
    public ClientStatistics statistics(String name) {
        return sessions.connection(configured(name)).statistics();
    }

    @Override
    public Optional<String> embeddedServerTarget() {
        return sessions.embeddedServerTarget();
    }

    private String configured(String name) {
        List<String> names = sessions.sessionNames();
        if (!names.contains(name)) {
            throw new IllegalArgumentException("no Deephaven session named '" + name + "' is configured; the"
                    + " configured names are " + names);
        }
        return name;
    }
}
