package dev.deephavencdi.server.testing;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import dev.deephavencdi.server.ServerStats;
import dev.deephavencdi.testing.HeaderTokenAuthorization;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import java.time.Duration;

/**
 * A running embedded server as a test sees it: where it listens and the credentials its clients present. Every
 * client a test opens takes both from here ({@link #officialClient()}, {@link #authorization()}, or
 * {@link #target()} with {@link #authentication()} for our own {@code Session}), so what the server requires is
 * decided in one place, {@link ServerSetup}.
 */
public interface TestServer {
    /** How long {@link #awaitNothingHeld()} waits: the official client releases exports in the background. */
    Duration RELEASE_WAIT = Duration.ofSeconds(10);

    /** @return the server itself, for what only it can say (its stats, its bound host) */
    EmbeddedDeephavenServer embedded();

    /**
     * @return the authentication type and value clients present on login, as the official client's
     *         {@code authenticationTypeAndValue} and our {@code SessionBuilder.authentication} take it (and as the
     *         {@code authorization} header carries it)
     */
    String authentication();

    /** @return {@code dh+plain://host:port} */
    default String target() {
        return embedded().target();
    }

    /** @return a host name clients on this machine can connect to */
    default String connectHost() {
        return embedded().connectHost();
    }

    default int port() {
        return embedded().port();
    }

    default ServerStats stats() {
        return embedded().stats();
    }

    /** @return the official Java client on this server, its sessions logged in with {@link #authentication()} */
    default OfficialClient officialClient() {
        return new OfficialClient(target(), authentication());
    }

    /** @return pydeephaven-style authorization for raw stubs, starting from {@link #authentication()} */
    default HeaderTokenAuthorization authorization() {
        return new HeaderTokenAuthorization(authentication());
    }

    /** Waits until the server holds no session, export or shared ticket, failing with what it still holds. */
    default void awaitNothingHeld() {
        awaitNothingHeld(RELEASE_WAIT);
    }

    /** {@link #awaitNothingHeld()} with a longer wait (subscriptions end in the background too). */
    default void awaitNothingHeld(Duration wait) {
        Poll.until(wait, () -> stats().isEmpty(), () -> "server still holds " + stats());
    }
}
