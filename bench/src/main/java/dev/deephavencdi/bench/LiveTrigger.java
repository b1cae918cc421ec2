package dev.deephavencdi.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A value the application changes and a server-side formula reads on every tick
 * ({@code "Seq = dev.deephavencdi.bench.LiveTrigger.current()"}): it lets {@link LiveUpdateBenchmark} time one
 * change from the moment it is made to the subscriber's callback that shows it. Public because compiled formulas
 * call it.
 */
public final class LiveTrigger {
    private static final AtomicLong VALUE = new AtomicLong();

    private LiveTrigger() {}

    /** @return the current value; called by the formula on the server's update graph */
    public static long current() {
        return VALUE.get();
    }

    /** @return the new value, after moving it on by one */
    static long advance() {
        return VALUE.incrementAndGet();
    }
}
