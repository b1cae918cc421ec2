package dev.deephavencdi.example;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The tables this service publishes. Each {@code @Published} method builds a table on the injected session; the
 * interceptor publishes the result to a shared ticket that any Deephaven client can fetch by name through
 * {@code GET /deephaven/tickets/{name}}.
 */
@ApplicationScoped
public class MarketTables {
    static final int INSTRUMENTS = 500;
    static final int TRADES = 10_000;

    @Inject
    Session session;

    /** One row per instrument, computed with update formulas. */
    @Published("prices")
    public Table prices() {
        return pricesTable();
    }

    /** A day of trades. */
    @Published("trades")
    public Table trades() {
        return tradesTable();
    }

    /** Every trade with its instrument's price and the trade's value: a natural join, then a formula. */
    @Published("trade-values")
    public Table tradeValues() {
        try (Table prices = pricesTable(); Table trades = tradesTable()) {
            return trades.naturalJoin(prices, "Symbol", "Price").update("Value = Price * Quantity");
        }
    }

    /**
     * A live quote stream: a time table adds a row every half second and formulas turn it into quotes. Its
     * ticket can be subscribed to (Barrage), and {@code /deephaven/tickets/ticker/updates} streams its tail.
     */
    @Published("ticker")
    public Table ticker() {
        try (Table clock = session.timeTable(Duration.ofMillis(500))) {
            return clock.update(
                    "Tick = ii",
                    "Symbol = `SYM` + (ii % 7)",
                    "Price = 100.0 + 5.0 * sin(ii / 10.0)"); // Deephaven's sin: a real server refuses Math.sin
        }
    }

    private Table pricesTable() {
        return session.emptyTable(INSTRUMENTS).update(
                "Symbol = `SYM` + i",
                "Price = 100.0 + (i % 37) * 1.25",
                "Volume = 1_000L + (i * 17L) % 5_000",
                "Notional = Price * Volume");
    }

    private Table tradesTable() {
        return session.emptyTable(TRADES).update(
                "TradeId = (long) i",
                "Symbol = `SYM` + (i % " + INSTRUMENTS + ")",
                "Quantity = 1 + i % 100",
                "Side = i % 2 == 0 ? `BUY` : `SELL`");
    }
}
