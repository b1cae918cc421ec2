package dev.deephavencdi.it.weld;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.uri.DeephavenTarget;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The official Deephaven Java client, independent of everything under test: fetches a ticket and reports the row
 * count, or the status the server answered.
 */
final class OfficialProbe implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread thread = new Thread(r, "official-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final SessionFactoryConfig.Factory factory;
    private final Session session;

    OfficialProbe(String target) {
        factory = SessionFactoryConfig.builder()
                .clientConfig(ClientConfig.builder().target(DeephavenTarget.of(URI.create(target))).build())
                .scheduler(scheduler)
                .build()
                .factory();
        session = factory.newSession();
    }

    /** @return the fetched table's size, or the failure's text (which carries the gRPC status name) */
    String fetch(SharedTicket ticket) {
        try (TableHandle handle = session.execute(new SharedId(ticket.id()).ticketId().table())) {
            return "rows=" + handle.response().getSize();
        } catch (TableHandle.TableHandleException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        session.close();
        factory.managedChannel().shutdownNow();
        scheduler.shutdownNow();
    }
}
