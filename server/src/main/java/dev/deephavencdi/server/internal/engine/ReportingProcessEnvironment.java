package dev.deephavencdi.server.internal.engine;

import io.deephaven.util.process.FatalErrorReporter;
import io.deephaven.util.process.ProcessEnvironment;
import io.deephaven.util.process.ShutdownManager;
import io.deephaven.util.process.ShutdownManagerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's process environment for a server embedded in someone else's process. The engine reports an
 * {@link Error} in its worker threads (an {@code OutOfMemoryError} in parallel {@code update} work) to the
 * environment's fatal-error reporter and then rethrows it; with no environment installed that report itself fails
 * and the original error is lost. This one logs the report and returns, so the error reaches
 * {@link RequestFailingOperationInitializer}, which fails the request; the process is not someone's to end.
 *
 * <p>Installed once per JVM, only if the application has not installed its own.
 */
final class ReportingProcessEnvironment implements ProcessEnvironment {
    private static final Logger log = LoggerFactory.getLogger(ReportingProcessEnvironment.class);

    private final ShutdownManager shutdownManager = new ShutdownManagerImpl();
    private final FatalErrorReporter reporter = new LoggingReporter();

    static synchronized void installIfAbsent() {
        if (ProcessEnvironment.tryGet() == null) {
            ProcessEnvironment.set(new ReportingProcessEnvironment(), false);
        }
    }

    @Override
    public ShutdownManager getShutdownManager() {
        return shutdownManager;
    }

    @Override
    public FatalErrorReporter getFatalErrorReporter() {
        return reporter;
    }

    @Override
    public String getMainClassName() {
        return "deephaven-cdi embedded server";
    }

    @Override
    public void onStartup() {}

    @Override
    public void onShutdown() {}

    /** Logs; never exits: the failing request is answered, the rest of the process goes on. */
    private static final class LoggingReporter implements FatalErrorReporter {
        @Override
        public void report(String message, Throwable failure) {
            log.error("engine error: {}", message, failure);
        }

        @Override
        public void report(String message) {
            log.error("engine error: {}", message);
        }

        @Override
        public void reportAsync(String message, Throwable failure) {
            report(message, failure);
        }

        @Override
        public void reportAsync(String message) {
            report(message);
        }

        @Override
        public void addInterceptor(Interceptor interceptor) {
            // nothing to intercept: reports are only logged
        }

        @Override
        public void uncaughtException(Thread thread, Throwable failure) {
            log.error("uncaught exception on engine thread {}", thread.getName(), failure);
        }
    }
}
