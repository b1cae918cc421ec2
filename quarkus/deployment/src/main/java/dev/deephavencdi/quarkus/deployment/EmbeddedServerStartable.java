package dev.deephavencdi.quarkus.deployment;

import dev.deephavencdi.cdi.embedded.EmbeddedDeephavenServerProvider;
import dev.deephavencdi.cdi.spi.EmbeddedServerOptions;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.ServerStats;
import io.quarkus.deployment.builditem.Startable;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedded Deephaven server as a Dev Service: started in the build's class loader, in this JVM (no container),
 * with the {@code deephaven.cdi.embedded.*} options. Quarkus keeps it across live reloads and test profiles while
 * those options are unchanged, and closes it when the application (dev mode, or the test run) ends.
 */
final class EmbeddedServerStartable implements Startable {
    /**
     * The Dev Service that is running, for the Dev UI's statistics: it outlives the build steps that described it
     * (a live reload keeps it without starting it again), so only a process-wide reference can find it. Written
     * only by {@link #start} and {@link #close}.
     */
    private static final AtomicReference<EmbeddedServerStartable> RUNNING = new AtomicReference<>();

    private final EmbeddedServerOptions options;
    private volatile EmbeddedDeephavenServer server;

    EmbeddedServerStartable(EmbeddedServerOptions options) {
        this.options = options;
    }

    /** @return the statistics of the running Dev Service, if one runs */
    static Optional<ServerStats> runningStatistics() {
        EmbeddedServerStartable running = RUNNING.get();
        EmbeddedDeephavenServer current = running == null ? null : running.server;
        return current == null ? Optional.empty() : Optional.of(current.stats());
    }

    /** @return the target of the running Dev Service, if one runs */
    static Optional<String> runningTarget() {
        EmbeddedServerStartable running = RUNNING.get();
        EmbeddedDeephavenServer current = running == null ? null : running.server;
        return current == null ? Optional.empty() : Optional.of(current.target());
    }

    @Override
    public void start() {
        server = new EmbeddedDeephavenServerProvider().startServer(options);
        RUNNING.set(this);
    }

    /** @return {@code dh+plain://host:port} */
    String target() {
        return server.target();
    }

    /** @return the {@code authorization} value its clients present (its key, or {@code Anonymous}) */
    String authentication() {
        return server.authentication();
    }

    int port() {
        return server.port();
    }

    @Override
    public String getConnectionInfo() {
        return target();
    }

    @Override
    public String getContainerId() {
        return null; // in-process, like the H2 Dev Service
    }

    @Override
    public void close() {
        RUNNING.compareAndSet(this, null);
        EmbeddedDeephavenServer stopping = server;
        if (stopping != null) {
            stopping.close();
        }
    }
}
