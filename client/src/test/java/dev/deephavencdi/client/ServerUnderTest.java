package dev.deephavencdi.client;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.testing.Poll;
import dev.deephavencdi.testing.RealDeephavenServer;
import dev.deephavencdi.testing.RealDeephavenServerProcess;
import dev.deephavencdi.testing.SharedTicketProbe;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The server a client test runs against: the embedded one, whose bookkeeping ({@code stats()}) a test can
 * check, or the real Deephaven server ({@link RealDeephavenServerProcess}), which offers no such view. What can only
 * be checked on the embedded server is checked there and skipped on the real one; a ticket's end is checked on
 * both, on the real server by its gRPC status.
 *
 * <p>A test class registers {@link Resolver} and takes a {@link Choice} in its {@code @BeforeAll}; a subclass
 * annotated {@link OnRealServer} runs every inherited test on the real server instead.
 */
final class ServerUnderTest implements AutoCloseable {
    /** Runs the annotated test class (usually a subclass of an embedded-server test) on the real server. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface OnRealServer {
        /** @return whether the real server requires the pre-shared key {@link RealDeephavenServer#KEY} */
        boolean preSharedKey() default false;
    }

    /** Which server the test class runs on: the embedded one it starts itself, or the module's real one. */
    static final class Choice {
        private final RealDeephavenServerProcess real;

        private Choice(RealDeephavenServerProcess real) {
            this.real = real;
        }

        /** @return the real server's pre-shared key if it requires one, else {@code embeddedKey} */
        String preSharedKeyOr(String embeddedKey) {
            return real != null && real.preSharedKey() != null ? real.preSharedKey() : embeddedKey;
        }

        /** @param start starts the embedded server the test class is configured for, unless it runs on the real one */
        ServerUnderTest orEmbedded(Supplier<EmbeddedDeephavenServer> start) {
            return real != null ? real(real) : embedded(start.get());
        }
    }

    /** Resolves {@link Choice}: the module's real server for a class annotated {@link OnRealServer}. */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Choice.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return new Choice(AnnotationSupport.findAnnotation(context.getRequiredTestClass(), OnRealServer.class)
                    .map(real -> RealDeephavenServer.shared(context, real.preSharedKey()))
                    .orElse(null));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EmbeddedDeephavenServer embedded;
    private final RealDeephavenServerProcess real;

    private ServerUnderTest(EmbeddedDeephavenServer embedded, RealDeephavenServerProcess real) {
        this.embedded = embedded;
        this.real = real;
    }

    static ServerUnderTest embedded(EmbeddedDeephavenServer server) {
        return new ServerUnderTest(server, null);
    }

    /** The real server stays up after {@link #close()}: the {@code RealDeephavenServer} extension owns it. */
    static ServerUnderTest real(RealDeephavenServerProcess server) {
        return new ServerUnderTest(null, server);
    }

    String target() {
        return real != null ? real.target() : embedded.target();
    }

    String connectHost() {
        return real != null ? real.host() : embedded.connectHost();
    }

    int port() {
        return real != null ? real.port() : embedded.port();
    }

    /** Embedded: waits until the server holds no session, export, ticket or subscription. Real: not observable. */
    void awaitHoldsNothing() {
        if (embedded != null) {
            Poll.until(WAIT, () -> embedded.stats().isEmpty(), () -> "server holds " + embedded.stats());
        }
    }

    /** Embedded: waits until the server holds no export. Real: not observable. */
    void awaitNoExports() {
        if (embedded != null) {
            Poll.until(WAIT, () -> embedded.stats().exports() == 0, () -> "export still held: " + embedded.stats());
        }
    }

    /** Embedded: waits until the server runs {@code count} subscriptions. Real: not observable. */
    void awaitSubscriptions(int count) {
        if (embedded != null) {
            Poll.until(WAIT, () -> embedded.stats().subscriptions() == count, () -> "still " + embedded.stats());
        }
    }

    /** Waits until the ticket no longer resolves (see {@link #ticketGone}). */
    void awaitTicketGone(SharedTicket ticket) {
        // the official client sends Release asynchronously
        Poll.until(WAIT, () -> ticketGone(ticket), () -> ticket + " still live");
    }

    /**
     * Embedded: the server holds no shared ticket at all. Real: the ticket answers FAILED_PRECONDITION (its
     * export is released but the weak-values map still has the entry until the server's JVM collects it) or
     * NOT_FOUND (collected).
     */
    boolean ticketGone(SharedTicket ticket) {
        if (embedded != null) {
            return embedded.stats().sharedTickets() == 0;
        }
        try (SharedTicketProbe probe = new SharedTicketProbe(real.host(), real.port(), real.authentication())) {
            String status = probe.status(ticket);
            return status.equals("FAILED_PRECONDITION") || status.equals("NOT_FOUND");
        }
    }

    /** Real: runs a collection in the server's JVM, so released shared tickets answer NOT_FOUND. Embedded: nothing. */
    void collectServerGarbage() {
        if (real != null) {
            real.collectGarbage();
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
