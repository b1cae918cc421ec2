package dev.deephavencdi.server;

import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionConfig;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.SessionImpl;
import io.deephaven.uri.DeephavenTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The official Deephaven Java client (io.deephaven:deephaven-java-client-session/-flight 0.40.7), wired the way
 * its own examples do: one channel, many sessions. It is the independent judge of our wire compatibility.
 */
final class OfficialClient implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "official-client");
        thread.setDaemon(true);
        return thread;
    });
    private final SessionFactoryConfig.Factory factory;
    private final BufferAllocator allocator = new RootAllocator();
    private final List<AutoCloseable> opened = new ArrayList<>();

    OfficialClient(String target) {
        factory = SessionFactoryConfig.builder()
                .clientConfig(ClientConfig.builder().target(DeephavenTarget.of(URI.create(target))).build())
                .scheduler(scheduler)
                .build()
                .factory();
    }

    static OfficialClient connect(EmbeddedDeephavenServer server) {
        return new OfficialClient(server.target());
    }

    Session newSession() {
        Session session = factory.newSession();
        opened.add(session);
        return session;
    }

    Session newSession(String authenticationTypeAndValue) {
        Session session = factory.newSession(SessionConfig.builder()
                .authenticationTypeAndValue(authenticationTypeAndValue).build());
        opened.add(session);
        return session;
    }

    FlightSession flight(Session session) {
        FlightSession flight = FlightSession.of((SessionImpl) session, allocator, factory.managedChannel());
        opened.add(flight);
        return flight;
    }

    /** @return a Barrage session (Flight plus DoExchange snapshots and subscriptions) over the session */
    BarrageSession barrage(Session session) {
        BarrageSession barrage = BarrageSession.of((SessionImpl) session, allocator, factory.managedChannel());
        opened.add(barrage);
        return barrage;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        factory.managedChannel().shutdownNow();
        scheduler.shutdownNow();
        allocator.close();
    }
}
