package dev.deephavencdi.it.weld;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** What an application writes: tables built on the injected session, published by name. */
@ApplicationScoped
public class PriceTables {
    @Inject
    Session session;

    private final AtomicInteger calls = new AtomicInteger();

    @Published("prices")
    public Table prices() {
        return session.emptyTable(1000 + calls.getAndIncrement()).update("Price = i * 1.5");
    }

    @Published("async-prices")
    public CompletionStage<Table> asyncPrices() {
        return CompletableFuture.supplyAsync(() -> session.emptyTable(10).update("X = i", "Y = X * 2"));
    }

    @Published
    public Table quotes() {
        return session.emptyTable(3).update("Bid = i", "Ask = i + 1");
    }

    @Published("broken")
    public Table broken() {
        return session.emptyTable(3).update("X = nosuchfunction(i)");
    }

    /** Calls a @Published method of this bean directly: Weld does not intercept self-invocation. */
    public Table pricesBySelfInvocation() {
        return prices();
    }
}
