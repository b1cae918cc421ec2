package dev.deephavencdi.testing;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionConfig;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.SessionImpl;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.uri.DeephavenTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The official Deephaven Java client (io.deephaven:deephaven-java-client-session/-flight/-barrage 0.40.7), wired
 * the way its own examples do: one channel, many sessions. Nothing in this project wrote it, which makes it the
 * independent judge of our wire compatibility. Closing it closes every session, Flight and Barrage session it
 * opened, then the channel.
 */
public final class OfficialClient implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "official-client");
        thread.setDaemon(true);
        return thread;
    });
    private final SessionFactoryConfig.Factory factory;
    private final BufferAllocator allocator = new RootAllocator();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String authentication;
    private Session probe;

    /** @param target e.g. {@code dh+plain://127.0.0.1:10000}; sessions log in anonymously */
    public OfficialClient(String target) {
        this(target, "Anonymous");
    }

    /**
     * @param target e.g. {@code dh+plain://127.0.0.1:10000}
     * @param authentication what {@link #newSession()} logs in with, {@code "<type> <value>"}
     */
    public OfficialClient(String target, String authentication) {
        this.authentication = authentication;
        factory = SessionFactoryConfig.builder()
                .clientConfig(ClientConfig.builder().target(DeephavenTarget.of(URI.create(target))).build())
                .scheduler(scheduler)
                .build()
                .factory();
    }

    /** @return a new session logged in with this client's authentication, closed with this client */
    public Session newSession() {
        return newSession(authentication);
    }

    /** @return a new session authenticated with {@code "<type> <value>"}, closed with this client */
    public synchronized Session newSession(String authenticationTypeAndValue) {
        Session session = factory.newSession(SessionConfig.builder()
                .authenticationTypeAndValue(authenticationTypeAndValue).build());
        opened.add(session);
        return session;
    }

    /** @return Arrow Flight ({@code DoGet}) over a session */
    public synchronized FlightSession flight(Session session) {
        FlightSession flight = FlightSession.of((SessionImpl) session, allocator, factory.managedChannel());
        opened.add(flight);
        return flight;
    }

    /** @return a Barrage session (Flight plus DoExchange snapshots and subscriptions) over a session */
    public synchronized BarrageSession barrage(Session session) {
        BarrageSession barrage = BarrageSession.of((SessionImpl) session, allocator, factory.managedChannel());
        opened.add(barrage);
        return barrage;
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    /**
     * Fetches a shared ticket into this client's probe session.
     *
     * @return {@code "rows=<size>"}, or the failure's message, which carries the gRPC status name (e.g.
     *         {@code NOT_FOUND}); the fetched export is released when this client closes
     */
    public String fetch(SharedTicket ticket) {
        Session session;
        synchronized (this) {
            if (probe == null) {
                probe = newSession();
            }
            session = probe;
        }
        try {
            TableHandle handle = session.execute(new SharedId(ticket.id()).ticketId().table());
            return "rows=" + handle.response().getSize();
        } catch (TableHandle.TableHandleException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes everything this client opened, newest first; failures surface as one unchecked exception. */
    @Override
    public synchronized void close() {
        IllegalStateException failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (failure == null) {
                    failure = new IllegalStateException("closing the official client failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        factory.managedChannel().shutdownNow();
        scheduler.shutdownNow();
        allocator.close();
        if (failure != null) {
            throw failure;
        }
    }
}
