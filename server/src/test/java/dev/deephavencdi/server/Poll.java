package dev.deephavencdi.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for effects that clients trigger asynchronously (the official client releases in the background). */
public final class Poll {
    private Poll() {}

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + failure.get());
            }
            Thread.sleep(10);
        }
    }
}
