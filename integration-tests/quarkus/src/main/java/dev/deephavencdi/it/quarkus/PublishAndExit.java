package dev.deephavencdi.it.quarkus;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.cdi.PublishedTickets;
import dev.deephavencdi.it.fixtures.NamedSessions;
import dev.deephavencdi.it.fixtures.PriceTables;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;

/**
 * A command-mode application: publishes tables, prints their tickets, and exits, which shuts the container down.
 * The shutdown test launches it and then checks, with the official client, that every printed ticket is gone.
 */
@QuarkusMain
public class PublishAndExit implements QuarkusApplication {
    @Inject
    PriceTables prices;

    @Inject
    NamedSessions named;

    @Inject
    PublishedTickets tickets;

    @Override
    public int run(String... args) throws Exception {
        prices.prices();
        prices.quotes();
        prices.asyncPrices().toCompletableFuture().get(30, TimeUnit.SECONDS);
        named.summary();
        for (PublishedTable table : tickets.live()) {
            System.out.println("PUBLISHED " + table.name() + " " + table.ticket().toHex() + " " + table.serverTarget());
        }
        return 0;
    }
}
