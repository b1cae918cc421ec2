package dev.deephavencdi.client;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.TestServer;
import dev.deephavencdi.testing.Poll;
import dev.deephavencdi.testing.RealDeephavenServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The server a client test class runs on, chosen in one place: the embedded server of the
 * {@link EmbeddedServerExtension} the class configures, or, for a subclass annotated {@link OnRealServer}, the
 * module's real Deephaven server 0.40.7 ({@link RealTestServer}), which every inherited test then uses instead.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServerUnderTest server = ServerUnderTest.embeddedUnlessOnRealServer(
 *         EmbeddedServerExtension.create().checkNothingHeldAfterEach());
 * }</pre>
 *
 * What only the embedded server shows ({@code stats()}, and so the extension's check that nothing is held after
 * each test) is checked on it alone: a test guards such a check with {@link #isEmbedded()}. A ticket's end is
 * checked on both ({@link #ticketGone}). Register it on a {@code static} field; the choice is made per test class
 * in {@code beforeAll} (test classes run one after another).
 */
final class ServerUnderTest
        implements TestServer, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    /** Runs the annotated test class (a subclass of an embedded-server test) on the real server. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface OnRealServer {
        /** @return whether the real server requires the pre-shared key {@link RealDeephavenServer#KEY} */
        boolean preSharedKey() default false;
    }

    private final EmbeddedServerExtension embedded;
    private RealTestServer real;

    private ServerUnderTest(EmbeddedServerExtension embedded) {
        this.embedded = embedded;
    }

    /** @param embedded the server the test class runs on unless it is annotated {@link OnRealServer} */
    static ServerUnderTest embeddedUnlessOnRealServer(EmbeddedServerExtension embedded) {
        return new ServerUnderTest(embedded);
    }

    /** @return whether this test class runs on the embedded server, so {@code stats()} can be checked */
    boolean isEmbedded() {
        return real == null;
    }

    /**
     * @return whether the ticket no longer resolves. Embedded: the server holds no shared ticket at all. Real: it
     *         answers FAILED_PRECONDITION or NOT_FOUND ({@link RealTestServer#ticketGone})
     */
    boolean ticketGone(SharedTicket ticket) {
        return isEmbedded() ? stats().sharedTickets() == 0 : real.ticketGone(ticket);
    }

    /** Waits up to {@link #RELEASE_WAIT} until {@link #ticketGone}: the official client releases in the background. */
    void awaitTicketGone(SharedTicket ticket) {
        Poll.until(RELEASE_WAIT, () -> ticketGone(ticket), () -> ticket + " still live");
    }

    /** Real: runs a collection in the server's JVM, so released shared tickets answer NOT_FOUND. Embedded: nothing. */
    void collectServerGarbage() {
        if (!isEmbedded()) {
            real.collectGarbage();
        }
    }

    private TestServer current() {
        return isEmbedded() ? embedded : real;
    }

    @Override
    public EmbeddedDeephavenServer embedded() {
        return current().embedded();
    }

    @Override
    public String authentication() {
        return current().authentication();
    }

    @Override
    public String target() {
        return current().target();
    }

    @Override
    public String connectHost() {
        return current().connectHost();
    }

    @Override
    public int port() {
        return current().port();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        real = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), OnRealServer.class)
                .map(onReal -> new RealTestServer(RealDeephavenServer.shared(context, onReal.preSharedKey())))
                .orElse(null);
        if (isEmbedded()) {
            embedded.beforeAll(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (isEmbedded()) {
            embedded.beforeEach(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (isEmbedded()) {
            embedded.afterEach(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isEmbedded()) {
            embedded.afterAll(context);
        }
        real = null; // the next class chooses again; the real server itself runs on for the module
    }
}
