package dev.deephavencdi.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the client's threads and makes them daemons, so a forgotten client never keeps a JVM alive. */
final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    private DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    static ThreadFactory named(String prefix) {
        return new DaemonThreads(prefix);
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
