package dev.deephavencdi.cdi;

import dev.deephavencdi.client.ClientStatistics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The connections behind the container's configured sessions, for health checks, metrics and consoles: which
 * server each session name uses, whether it answers, and what its sessions are doing. Inject it:
 *
 * <pre>{@code
 * @Inject DeephavenConnections connections;
 * Duration latency = connections.ping("", Duration.ofSeconds(2));   // the default session's server
 * }</pre>
 *
 * <p>A name's connection is the one its {@code @Inject Session} beans (application and request scoped) share; it
 * opens on first use, and asking about it opens nothing but the channel. Thread-safe.
 */
public interface DeephavenConnections {

    /** @return the configured session names, the default session as {@code ""} first, then the named ones */
    List<String> sessionNames();

    /**
     * @param name a configured session name, {@code ""} for the default session
     * @return the server it connects to, {@code dh+plain://host:port} or {@code dh://host:port}
     * @throws IllegalArgumentException if no session of that name is configured
     */
    String target(String name);

    /**
     * Checks that the server of a session name answers, without opening a session
     * ({@link dev.deephavencdi.client.DeephavenClient#ping}).
     *
     * @param name a configured session name, {@code ""} for the default session
     * @param timeout how long to wait, positive
     * @return how long the answer took
     * @throws dev.deephavencdi.client.ServerUnavailableException if it did not answer within the timeout
     * @throws IllegalArgumentException if no session of that name is configured
     */
    Duration ping(String name, Duration timeout);

    /**
     * @param name a configured session name, {@code ""} for the default session
     * @return a live view of its connection's sessions and counters
     * @throws IllegalArgumentException if no session of that name is configured
     */
    ClientStatistics statistics(String name);

    /**
     * @return the target of the embedded server, if one serves the sessions without a host: started by this
     *         container, or outside it as a Quarkus Dev Service ({@code deephaven.cdi.embedded.running-target})
     */
    Optional<String> embeddedServerTarget();
}
