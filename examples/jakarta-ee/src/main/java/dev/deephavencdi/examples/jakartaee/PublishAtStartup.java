package dev.deephavencdi.examples.jakartaee;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

/** Publishes the tables when the application starts, so their tickets exist before the first request. */
@ApplicationScoped
public class PublishAtStartup {
    @Inject
    PriceTables prices;

    void publish(@Observes Startup startup) {
        prices.prices();
    }
}
