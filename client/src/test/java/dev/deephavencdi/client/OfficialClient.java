package dev.deephavencdi.client;

import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.FlightSession;
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

/** The official Deephaven Java client used directly, as an independent party for interop tests. */
@SuppressWarnings("try") // close() may throw InterruptedException, as the official client's own types do
final class OfficialClient implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
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

    io.deephaven.client.impl.Session newSession() {
        io.deephaven.client.impl.Session session = factory.newSession();
        opened.add(session);
        return session;
    }

    FlightSession flight(io.deephaven.client.impl.Session session) {
        FlightSession flight = FlightSession.of((SessionImpl) session, allocator, factory.managedChannel());
        opened.add(flight);
        return flight;
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
