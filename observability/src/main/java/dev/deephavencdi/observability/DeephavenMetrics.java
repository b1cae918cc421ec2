package dev.deephavencdi.observability;

import dev.deephavencdi.cdi.DeephavenConnections;
import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.client.ClientStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for every configured Deephaven session, tagged {@code session=<name>} ({@code default} for the
 * default session). Per session name:
 *
 * <table>
 * <caption>meters (Prometheus names in brackets)</caption>
 * <tr><td>{@code deephaven.sessions.open} gauge [{@code deephaven_sessions_open}]</td>
 *     <td>open sessions of the name: the application session and the request sessions in flight</td></tr>
 * <tr><td>{@code deephaven.exports} gauge [{@code deephaven_exports}]</td>
 *     <td>tables those sessions hold, one server-side export each</td></tr>
 * <tr><td>{@code deephaven.tickets.published} gauge [{@code deephaven_tickets_published}]</td>
 *     <td>live {@code @Published} tickets the name's sessions published</td></tr>
 * <tr><td>{@code deephaven.publishes} function timer [{@code deephaven_publishes_seconds_count}, {@code _sum}]</td>
 *     <td>publish requests answered by the server, and their total time</td></tr>
 * <tr><td>{@code deephaven.fetches} function timer [{@code deephaven_fetches_seconds_count}, {@code _sum}]</td>
 *     <td>fetches of shared tickets, and their total time</td></tr>
 * <tr><td>{@code deephaven.doget} function counter, bytes [{@code deephaven_doget_bytes_total}]</td>
 *     <td>Arrow bytes read with Flight DoGet</td></tr>
 * <tr><td>{@code deephaven.subscriptions.live} gauge [{@code deephaven_subscriptions_live}]</td>
 *     <td>live subscriptions (ticking views, server-sent event streams) running</td></tr>
 * </table>
 *
 * <p>The meters read {@link ClientStatistics} when the registry is scraped; nothing is recorded on the hot paths
 * but the client's own striped counters. On Quarkus ({@code quarkus-micrometer}) this bean is bound to the
 * registry automatically; elsewhere inject it (or construct it) and call {@link #bindTo} once, keeping it
 * reachable, as Micrometer holds the objects its function meters read only weakly. Thread-safe.
 */
@ApplicationScoped
public class DeephavenMetrics implements MeterBinder {
    /** The tag every meter carries: the configured session name, {@value #DEFAULT_SESSION_TAG} for the default. */
    public static final String SESSION_TAG = "session";
    /** The {@value #SESSION_TAG} tag's value for the default (unnamed) session. */
    public static final String DEFAULT_SESSION_TAG = "default";

    private final DeephavenConnections connections;
    private final PublishedTickets tickets;
    // a name's statistics view lives as long as its connection, which lives as long as the container
    private final Map<String, ClientStatistics> statistics = new ConcurrentHashMap<>();

    /**
     * @param connections the container's session connections (an injected bean)
     * @param tickets the container's published tickets (an injected bean)
     */
    @Inject
    public DeephavenMetrics(DeephavenConnections connections, PublishedTickets tickets) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.tickets = Objects.requireNonNull(tickets, "tickets");
    }

    /** Registers the meters of every configured session name with the registry. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : connections.sessionNames()) {
            Tags tags = Tags.of(SESSION_TAG, name.isEmpty() ? DEFAULT_SESSION_TAG : name);
            Gauge.builder("deephaven.sessions.open", this, metric(name, ClientStatistics::openSessions))
                    .description("Open Deephaven sessions").tags(tags).register(registry);
            Gauge.builder("deephaven.exports", this, metric(name, ClientStatistics::exports))
                    .description("Tables (server-side exports) the open sessions hold").tags(tags)
                    .register(registry);
            Gauge.builder("deephaven.tickets.published", this, metrics -> metrics.publishedBy(name))
                    .description("Live @Published shared tickets").tags(tags).register(registry);
            Gauge.builder("deephaven.subscriptions.live", this, metric(name, ClientStatistics::liveSubscriptions))
                    .description("Live table subscriptions running").tags(tags).register(registry);
            FunctionTimer.builder("deephaven.publishes", this,
                            metrics -> metrics.count(name, ClientStatistics::publishes),
                            metric(name, ClientStatistics::publishNanos), TimeUnit.NANOSECONDS)
                    .description("Publish requests the server answered").tags(tags).register(registry);
            FunctionTimer.builder("deephaven.fetches", this,
                            metrics -> metrics.count(name, ClientStatistics::fetches),
                            metric(name, ClientStatistics::fetchNanos), TimeUnit.NANOSECONDS)
                    .description("Fetches of shared tickets").tags(tags).register(registry);
            FunctionCounter.builder("deephaven.doget", this, metric(name, ClientStatistics::doGetBytes))
                    .baseUnit("bytes").description("Arrow bytes read with Flight DoGet").tags(tags)
                    .register(registry);
        }
    }

    private static ToDoubleFunction<DeephavenMetrics> metric(String name,
            ToDoubleFunction<ClientStatistics> reading) {
        return metrics -> metrics.statistics(name).map(reading::applyAsDouble).orElse(Double.NaN);
    }

    private long count(String name, ToDoubleFunction<ClientStatistics> reading) {
        return statistics(name).map(stats -> (long) reading.applyAsDouble(stats)).orElse(0L);
    }

    private double publishedBy(String name) {
        return tickets.live().stream().map(PublishedTable::sessionName).filter(name::equals).count();
    }

    /** @return the name's statistics; empty once the container shut down (the meters then read NaN) */
    private Optional<ClientStatistics> statistics(String name) {
        try {
            return Optional.of(statistics.computeIfAbsent(name, connections::statistics));
        } catch (IllegalStateException shuttingDown) {
            return Optional.empty();
        }
    }
}
