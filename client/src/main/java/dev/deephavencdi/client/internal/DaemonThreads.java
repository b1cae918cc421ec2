package dev.deephavencdi.client.internal;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the client's threads and makes them daemons, so a forgotten client never keeps a JVM alive. They are
 * Netty {@link FastThreadLocalThread}s: Netty's fast thread-local path on them, and {@link ForeignThreadCleanup}
 * leaves their thread-local state alone (they end with the connection).
 */
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
        Thread thread = new FastThreadLocalThread(runnable, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
