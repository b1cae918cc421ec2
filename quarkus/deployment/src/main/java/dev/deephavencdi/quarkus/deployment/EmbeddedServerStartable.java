package dev.deephavencdi.quarkus.deployment;

import dev.deephavencdi.cdi.embedded.EmbeddedDeephavenServerProvider;
import dev.deephavencdi.cdi.impl.EmbeddedServerPlan;
import dev.deephavencdi.cdi.spi.EmbeddedServerOptions;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.ServerStats;
import io.quarkus.deployment.builditem.Startable;
import io.quarkus.devservices.crossclassloader.runtime.RunningDevServicesRegistry;
import io.quarkus.devservices.crossclassloader.runtime.RunningService;
import java.net.URI;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedded Deephaven server as a Dev Service: started in the build's class loader, in this JVM (no container),
 * with the {@code deephaven.cdi.embedded.*} options. Quarkus keeps it across live reloads while those options are
 * unchanged and closes it when dev mode or the test run ends. A second test application (another
 * {@code @TestProfile}) whose options have the same fingerprint does not start a server: {@link #start} finds the
 * first one's among the launch mode's running Dev Services and this startable only refers to it, so closing it
 * leaves that server to its owner.
 */
final class EmbeddedServerStartable implements Startable {
    /**
     * The Dev Service that is running, for the Dev UI's statistics: it outlives the build steps that described it
     * (a live reload keeps it without starting it again), so only a process-wide reference can find it. Written
     * only by {@link #start} and {@link #close}.
     */
    private static final AtomicReference<EmbeddedServerStartable> RUNNING = new AtomicReference<>();

    private final EmbeddedServerOptions options;
    private final String fingerprint;
    private final String launchMode;
    private volatile EmbeddedDeephavenServer server;
    /** The keys of another application's server this one uses, when shared. */
    private volatile Map<String, String> shared;

    /**
     * @param fingerprint what {@code deephaven.cdi.embedded.running-options} holds for these options
     * @param launchMode the launch mode's name, under which Quarkus lists the running Dev Services
     */
    EmbeddedServerStartable(EmbeddedServerOptions options, String fingerprint, String launchMode) {
        this.options = options;
        this.fingerprint = fingerprint;
        this.launchMode = launchMode;
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
        shared = startedElsewhere().orElse(null);
        if (shared == null) {
            server = new EmbeddedDeephavenServerProvider().startServer(options);
            RUNNING.set(this);
        }
    }

    /**
     * The keys of a server another application of this launch mode started with options of the same fingerprint,
     * from Quarkus' registry of running Dev Services (in the system class loader, so every application sees it).
     */
    private Optional<Map<String, String>> startedElsewhere() {
        for (int attempt = 0; ; attempt++) {
            try {
                // Quarkus may be adding another feature's service to the set right now, on another thread
                List<RunningService> running =
                        List.copyOf(RunningDevServicesRegistry.INSTANCE.getAllRunningServices(launchMode));
                return running.stream()
                        .filter(service -> DeephavenProcessor.FEATURE.equals(service.feature()))
                        .map(RunningService::configs)
                        .filter(keys -> fingerprint.equals(keys.get(EmbeddedServerPlan.runningOptionsKey()))
                                && keys.get(EmbeddedServerPlan.runningTargetKey()) != null
                                && keys.get(EmbeddedServerPlan.runningAuthenticationKey()) != null)
                        .findFirst();
            } catch (ConcurrentModificationException e) {
                if (attempt == 10) {
                    return Optional.empty(); // start a server of its own: correct, only not shared
                }
                Thread.onSpinWait();
            }
        }
    }

    /** @return whether this uses a server another application started */
    boolean isShared() {
        return shared != null;
    }

    /** @return {@code dh+plain://host:port} */
    String target() {
        Map<String, String> keys = shared;
        return keys != null ? keys.get(EmbeddedServerPlan.runningTargetKey()) : server.target();
    }

    /** @return the {@code authorization} value its clients present (its key, or {@code Anonymous}) */
    String authentication() {
        Map<String, String> keys = shared;
        return keys != null ? keys.get(EmbeddedServerPlan.runningAuthenticationKey()) : server.authentication();
    }

    /** @return the fingerprint of its options, for {@code deephaven.cdi.embedded.running-options} */
    String fingerprint() {
        return fingerprint;
    }

    int port() {
        return shared != null ? URI.create(target()).getPort() : server.port();
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
