package dev.deephavencdi.examples.jakartaee;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The application's tables, built on the injected session and published under a name. */
@ApplicationScoped
public class PriceTables {
    @Inject
    Session session;

    /** @return 500 prices of two symbols, published as {@code prices} */
    @Published("prices")
    public Table prices() {
        return session.emptyTable(500).update("Symbol = i % 2 == 0 ? `AAPL` : `MSFT`", "Price = 100 + i * 0.25");
    }
}
