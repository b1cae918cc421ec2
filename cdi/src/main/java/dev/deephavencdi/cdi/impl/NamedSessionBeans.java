package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.client.Session;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanDisposer;

/**
 * Creators and disposers of the named session beans that {@link SessionsExtension} registers. The name travels as
 * the bean parameter {@value #NAME}; the work is done by {@link DeephavenSessions}, looked up at runtime.
 */
public final class NamedSessionBeans {
    static final String NAME = "name";

    private NamedSessionBeans() {}

    private static DeephavenSessions sessions(Instance<Object> lookup) {
        return lookup.select(DeephavenSessions.class).get();
    }

    /** {@code @Inject @SessionName("x") Session}. */
    public static final class ApplicationCreator implements SyntheticBeanCreator<Session> {
        @Override
        public Session create(Instance<Object> lookup, Parameters params) {
            return sessions(lookup).applicationSession(params.get(NAME, String.class));
        }
    }

    public static final class ApplicationDisposer implements SyntheticBeanDisposer<Session> {
        @Override
        public void dispose(Session session, Instance<Object> lookup, Parameters params) {
            session.close();
        }
    }

    /** {@code @Inject @RequestSession("x") Session}. */
    public static final class RequestCreator implements SyntheticBeanCreator<Session> {
        @Override
        public Session create(Instance<Object> lookup, Parameters params) {
            return sessions(lookup).openRequestSession(params.get(NAME, String.class));
        }
    }

    public static final class RequestDisposer implements SyntheticBeanDisposer<Session> {
        @Override
        public void dispose(Session session, Instance<Object> lookup, Parameters params) {
            sessions(lookup).closeRequestSession(session);
        }
    }
}
