package dev.deephavencdi.examples.jakartase;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The tables this example publishes, built on the injected application session. Each {@code @Published} method
 * publishes its result to a new shared ticket registered under the method's name; calling it again republishes.
 * Call them through an injected reference (Weld does not intercept a bean's calls to itself).
 */
@ApplicationScoped
public class MarketTables {
    /** The number of trades the example generates. */
    public static final int TRADES = 1_000;

    /** A symbol per row, cycling through four instruments; shared by both tables so the join finds every key. */
    private static final String SYMBOL = "Sym = i % 4 == 0 ? `AAPL` : i % 4 == 1 ? `MSFT` : i % 4 == 2 ? `GOOG` : `NVDA`";

    @Inject
    Session session;

    /** Trades computed with update formulas. */
    @Published("trades")
    public Table trades() {
        return tradeRows();
    }

    /** One row per instrument: the right-hand side of the join. */
    @Published("instruments")
    public Table instruments() {
        return instrumentRows();
    }

    /** Every trade with its instrument's name and sector added by a natural join on {@code Sym}. */
    @Published("trades-with-instrument")
    public Table tradesWithInstrument() {
        // the join result stays valid when its inputs are released, so release them right away
        try (Table trades = tradeRows(); Table instruments = instrumentRows()) {
            return trades.naturalJoin(instruments, "Sym", "Name, Sector");
        }
    }

    private Table tradeRows() {
        return session.emptyTable(TRADES).update(
                "TradeId = i",
                SYMBOL,
                "Price = 100.0 + (i % 50) * 0.25",
                "Quantity = 10 * (1 + i % 9)",
                "Notional = Price * Quantity");
    }

    private Table instrumentRows() {
        return session.emptyTable(4).update(
                SYMBOL,
                "Name = i == 0 ? `Apple` : i == 1 ? `Microsoft` : i == 2 ? `Alphabet` : `NVIDIA`",
                "Sector = i == 2 ? `Communication Services` : `Information Technology`");
    }
}
