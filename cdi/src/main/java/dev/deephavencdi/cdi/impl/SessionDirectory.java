package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.client.Session;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which configured name each session the container opened belongs to, so published entries can say which session
 * published them. Sessions are registered when opened and forgotten when closed. Thread-safe.
 */
@ApplicationScoped
public class SessionDirectory {
    private final Map<Session, String> names = new ConcurrentHashMap<>();

    void register(Session session, String name) {
        names.put(session, name);
    }

    void forget(Session session) {
        names.remove(session);
    }

    /** @return the session's configured name, empty for the default session and for sessions we did not open */
    String nameOf(Session session) {
        return names.getOrDefault(session, "");
    }
}
