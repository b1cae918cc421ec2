package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.RequestSession;
import dev.deephavencdi.client.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The default session's beans. Named sessions get the same two beans from {@link SessionsExtension}. Both are
 * produced as the {@link Session} interface: normal-scoped beans need a proxyable type, and the implementation
 * class is final.
 */
@ApplicationScoped
public class SessionProducers {

    @Inject
    DeephavenSessions sessions;

    /** {@code @Inject Session}: one session for the whole application, opened on first use. */
    @Produces
    @ApplicationScoped
    Session applicationSession() {
        return sessions.applicationSession("");
    }

    void closeApplicationSession(@Disposes Session session) {
        session.close();
    }

    /** {@code @Inject @RequestSession Session}: one session per request, closed when the request ends. */
    @Produces
    @RequestScoped
    @RequestSession
    Session requestSession() {
        return sessions.openRequestSession("");
    }

    void closeRequestSession(@Disposes @RequestSession Session session) {
        sessions.closeRequestSession(session);
    }
}
