package dev.deephavencdi.examples.jakartase;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.ws.rs.SeBootstrap;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The started example: a Weld SE container and the HTTP server in front of it. {@link #close()} stops the HTTP
 * server first (no request runs against a stopping container), then the container, which releases every published
 * ticket and stops the embedded Deephaven server. Thread-safe; close is idempotent.
 */
public final class RunningExample implements AutoCloseable {
    private final SeContainer container;
    private final SeBootstrap.Instance http;
    private final URI baseUri;
    private final String deephavenTarget;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed; // guarded by this

    RunningExample(SeContainer container, SeBootstrap.Instance http, String deephavenTarget) {
        this.container = container;
        this.http = http;
        this.baseUri = http.configuration().baseUri();
        this.deephavenTarget = deephavenTarget;
    }

    /** @return the ticket endpoints, e.g. {@code http://127.0.0.1:8080/deephaven/tickets} */
    public URI ticketsUri() {
        return baseUri.resolve("/deephaven/tickets");
    }

    /** @return the Deephaven server the tables live on, e.g. {@code dh+plain://127.0.0.1:10000} */
    public String deephavenTarget() {
        return deephavenTarget;
    }

    /** @return the CDI container, for looking beans up */
    public SeContainer container() {
        return container;
    }

    /** @return the names of the live published tables */
    public List<String> publishedNames() {
        return container.select(PublishedTickets.class).get().live().stream().map(PublishedTable::name).toList();
    }

    /** @return what {@code main} prints once everything is up */
    public String banner() {
        URI target = URI.create(deephavenTarget);
        String tickets = ticketsUri().toString();
        StringBuilder text = new StringBuilder()
                .append("deephaven-cdi Jakarta SE example (Weld SE + Jersey) is up\n")
                .append("  Deephaven server : ").append(deephavenTarget)
                .append("  (host ").append(target.getHost()).append(", port ").append(target.getPort()).append(")\n")
                .append("  Authenticate with the pre-shared key logged above (or set in deephaven.cdi.embedded.psk):\n")
                .append("    io.deephaven.authentication.psk.PskAuthenticationHandler <key>\n")
                .append("  Ticket endpoints : ").append(tickets).append('\n');
        for (String name : publishedNames()) {
            text.append("    ").append(tickets).append('/').append(name).append("/rows?limit=5\n");
        }
        return text.append("Stop with Ctrl+C.").toString();
    }

    /** Blocks until {@link #close()} was called. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            http.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            System.err.println("the HTTP server did not stop cleanly: " + e);
        } finally {
            container.close();
            stopped.countDown();
        }
    }
}
