package dev.deephavencdi.server.testing;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running embedded server for a test class, on any free port:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
 *         .configure(builder -> builder.updateCycle(Duration.ofMillis(100)))
 *         .checkNothingHeldAfterEach();
 * }</pre>
 *
 * On a {@code static} field the server starts before the first test and stops after the last; on an instance field
 * each test gets its own. {@link #checkNothingHeldAfterEach()} fails a test that leaves a session, export or shared
 * ticket behind, checked after the test's own {@code @AfterEach} methods closed its clients. Configure before the
 * server starts; the extension reads the options once.
 */
public final class EmbeddedServerExtension
        implements TestServer, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final ServerSetup setup = new ServerSetup();
    private Duration nothingHeldWait;
    private StartedServer running;
    private boolean perTest;

    private EmbeddedServerExtension() {}

    /** @return an extension starting the server with its defaults */
    public static EmbeddedServerExtension create() {
        return new EmbeddedServerExtension();
    }

    /**
     * Starts a server of a test's own, with the same defaults and credentials as the extension's; the caller
     * closes it.
     */
    public static StartedServer start(Consumer<EmbeddedDeephavenServer.Builder> option) {
        ServerSetup setup = new ServerSetup();
        setup.configure(option);
        return setup.start();
    }

    /** {@link #start(Consumer)} with the defaults. */
    public static StartedServer start() {
        return new ServerSetup().start();
    }

    /** Applies a server option (session duration, update cycle, limits, ...); options apply in order. */
    public EmbeddedServerExtension configure(Consumer<EmbeddedDeephavenServer.Builder> option) {
        setup.configure(option);
        return this;
    }

    /** Makes the server require this pre-shared key; the extension's clients then present it. */
    public EmbeddedServerExtension preSharedKey(String key) {
        setup.preSharedKey(key);
        return this;
    }

    /** After each test, waits up to {@link #RELEASE_WAIT} for the server to hold nothing, and fails if it does. */
    public EmbeddedServerExtension checkNothingHeldAfterEach() {
        return checkNothingHeldAfterEach(RELEASE_WAIT);
    }

    /** {@link #checkNothingHeldAfterEach()}, waiting up to {@code wait}. */
    public EmbeddedServerExtension checkNothingHeldAfterEach(Duration wait) {
        nothingHeldWait = Objects.requireNonNull(wait, "wait");
        return this;
    }

    /**
     * Starts another server with this extension's options and credentials (a server the test shuts down, say);
     * the caller closes it.
     */
    public StartedServer startAnother() {
        return setup.start();
    }

    @Override
    public EmbeddedDeephavenServer embedded() {
        if (running == null) {
            throw new IllegalStateException("the embedded server runs only while the test class does; register"
                    + " the extension with @RegisterExtension and use it from tests or lifecycle methods");
        }
        return running.embedded();
    }

    @Override
    public String authentication() {
        embedded();
        return running.authentication();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = setup.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (running == null) {
            perTest = true;
            running = setup.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (nothingHeldWait != null && context.getExecutionException().isEmpty()) {
                awaitNothingHeld(nothingHeldWait);
            }
        } finally {
            if (perTest) {
                stop();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
