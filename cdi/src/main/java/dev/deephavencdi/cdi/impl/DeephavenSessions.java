package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.TableReleased;
import dev.deephavencdi.cdi.spi.EmbeddedServerProvider.EmbeddedServer;
import dev.deephavencdi.client.DeephavenClient;
import dev.deephavencdi.client.Session;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns everything the container opens against Deephaven: one connection ({@link DeephavenClient}) per session name,
 * the application-scoped sessions, the open request sessions, and the embedded server that sessions without a
 * configured host use (started at container startup when any session needs it, as Quarkus Dev Services do; an
 * {@link dev.deephavencdi.cdi.spi.EmbeddedServerProvider} on the class path provides it).
 *
 * <p>Shutdown happens in one place, in order, as soon as the container announces it ({@link Shutdown}, while every
 * bean still works) and again, idempotently, when this bean is destroyed: published tables are released (firing
 * {@link TableReleased} events), then request sessions, application sessions and connections are closed (closing a
 * session releases all its exports, so every ticket it published stops resolving), then the embedded server stops.
 * Thread-safe.
 */
@ApplicationScoped
public class DeephavenSessions {
    private static final Logger log = LoggerFactory.getLogger(DeephavenSessions.class);

    @Inject
    PublishedTicketsRegistry publishedTickets;

    @Inject
    SessionDirectory directory;

    @Inject
    BeanManager beanManager;

    private DeephavenConfiguration configuration; // guarded by this
    private EmbeddedServer embeddedServer; // guarded by this
    private final Map<String, DeephavenClient> clients = new LinkedHashMap<>(); // guarded by this
    private final Map<String, Session> applicationSessions = new LinkedHashMap<>(); // guarded by this
    private final Set<Session> requestSessions = ConcurrentHashMap.newKeySet();
    private boolean closed; // guarded by this

    /** Validates the configuration and starts the embedded server if a session will need it, so startup fails fast. */
    void onStartup(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_BEFORE) Startup startup) {
        try {
            DeephavenConfiguration config = configuration();
            for (SessionSettings session : config.sessions()) {
                if (session.usesEmbeddedServer()) {
                    embeddedTarget(session);
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            // the deployment fails; a server whose container never shuts down (a failed WildFly deployment stays
            // until removed) must not keep its port and threads meanwhile
            closeAll();
            throw e;
        }
    }

    /** Closes everything while all beans still work; runs before application-scoped beans are destroyed. */
    void onShutdown(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_AFTER) Shutdown shutdown) {
        closeAll();
    }

    @PreDestroy
    void destroy() {
        closeAll();
    }

    /** @return the application-scoped session of a name, opened on first use */
    public synchronized Session applicationSession(String name) {
        requireOpen();
        Session session = applicationSessions.get(name);
        if (session == null) {
            session = client(name).newSession();
            applicationSessions.put(name, session);
            directory.register(session, name);
            log.debug("opened the application {} on {}", configuration().session(name).displayName(),
                    session.target());
        }
        return session;
    }

    /** @return a new session of a name for one request; {@link #closeRequestSession} ends it */
    public Session openRequestSession(String name) {
        DeephavenClient client;
        synchronized (this) {
            requireOpen();
            client = client(name);
        }
        Session session = client.newSession();
        directory.register(session, name);
        requestSessions.add(session);
        return session;
    }

    /** Ends a request session: its published tables are released, then the session closes. Idempotent. */
    public void closeRequestSession(Session session) {
        if (requestSessions.remove(session)) {
            closeSession(session);
        }
    }

    /** @return the target a session name connects to, starting the embedded server if it is the one */
    public synchronized String targetOf(String name) {
        SessionSettings settings = configuration().session(name);
        return settings.usesEmbeddedServer() ? embeddedTarget(settings) : client(name).target();
    }

    /** @return the configured session names, {@code ""} for the default session first */
    synchronized List<String> sessionNames() {
        List<String> names = new ArrayList<>();
        configuration().sessions().forEach(session -> names.add(session.name()));
        return names;
    }

    /** @return the connection of a session name, created (not yet connected) on first use */
    synchronized DeephavenClient connection(String name) {
        requireOpen();
        return client(name);
    }

    /** @return the embedded server's target, if it runs */
    synchronized Optional<String> embeddedServerTarget() {
        // a server started outside the container (a Quarkus Dev Service) serves the sessions without a host too
        return embeddedServer != null ? Optional.of(embeddedServer.target())
                : configuration().embedded().runningTarget();
    }

    private DeephavenClient client(String name) {
        DeephavenClient client = clients.get(name);
        if (client == null) {
            SessionSettings settings = configuration().session(name);
            DeephavenClient.Builder builder = DeephavenClient.builder().authentication(settings.authentication());
            if (settings.usesEmbeddedServer()) {
                builder.target(embeddedTarget(settings));
                builder.authentication(embeddedAuthentication()); // its key, generated or configured
            } else if (settings.target().isPresent()) {
                builder.target(settings.target().get());
            } else {
                builder.host(settings.host().orElseThrow()).port(settings.port()).tls(settings.tls());
            }
            settings.trustCertificate().ifPresent(builder::trustCertificate);
            client = builder.build();
            clients.put(name, client);
        }
        return client;
    }

    private synchronized DeephavenConfiguration configuration() {
        if (configuration == null) {
            configuration = DeephavenConfiguration.read(ConfigProvider.getConfig());
        }
        return configuration;
    }

    private synchronized String embeddedTarget(SessionSettings session) {
        if (embeddedServer == null) {
            EmbeddedSettings embedded = configuration().embedded();
            if (!embedded.enabled()) {
                throw new dev.deephavencdi.cdi.InvalidConfigurationException(
                        ConfigKeys.sessionKey(session.name(), ConfigKeys.HOST), "the " + session.displayName()
                                + " has no host, and the embedded server is disabled ("
                                + ConfigKeys.embeddedKey(ConfigKeys.ENABLED) + "=false); set "
                                + ConfigKeys.sessionKey(session.name(), ConfigKeys.HOST) + " (or "
                                + ConfigKeys.sessionKey(session.name(), ConfigKeys.TARGET) + ") to a Deephaven"
                                + " server, or " + ConfigKeys.embeddedKey(ConfigKeys.ENABLED)
                                + "=true for the embedded one");
            }
            if (embedded.runningTarget().isPresent()) {
                return embedded.runningTarget().get(); // started outside the container: a Quarkus Dev Service
            }
            embeddedServer = EmbeddedServerLookup.require(session).start(embedded.options());
            log.info("Embedded Deephaven server for sessions without a configured host: {} (Deephaven port {})",
                    embeddedServer.target(), embeddedServer.port());
        }
        return embeddedServer.target();
    }

    /** @return the key the embedded server's clients present; call after {@link #embeddedTarget} */
    private synchronized String embeddedAuthentication() {
        return embeddedServer != null ? embeddedServer.authentication()
                : configuration().embedded().runningAuthentication().orElseThrow();
    }

    /**
     * Runs every shutdown step even when one fails (an observer of {@link TableReleased} that throws, a connection
     * that cannot close, classes already gone during an undeploy), logging each failure, so the embedded server's
     * port and threads are always released.
     */
    private void closeAll() {
        List<Session> sessions;
        List<DeephavenClient> connections;
        EmbeddedServer server;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            sessions = new ArrayList<>(requestSessions);
            requestSessions.clear();
            sessions.addAll(applicationSessions.values());
            applicationSessions.clear();
            connections = new ArrayList<>(clients.values());
            clients.clear();
            server = embeddedServer;
            embeddedServer = null;
        }
        int failures = 0;
        failures += step("release the published tables",
                () -> publishedTickets.releaseAll(TableReleased.Reason.SHUTDOWN));
        for (Session session : sessions) {
            failures += step("close the session to " + session.target(), () -> closeSession(session));
        }
        for (DeephavenClient client : connections) {
            failures += step("close the connection to " + client.target(), client::close);
        }
        if (server != null) {
            failures += step("stop the embedded Deephaven server on port " + server.port(), server::close);
        }
        failures += step("release Weld's reference to this deployment",
                () -> WeldTranslatorCleanup.forget(beanManager));
        log.debug("closed {} sessions and {} connections ({} steps failed)", sessions.size(), connections.size(),
                failures);
    }

    /** @return 1 if the step failed (logged), else 0 */
    private static int step(String what, Runnable action) {
        try {
            action.run();
            return 0;
        } catch (RuntimeException | LinkageError e) {
            log.error("Deephaven shutdown: could not {}; the remaining steps run anyway", what, e);
            return 1;
        }
    }

    private void closeSession(Session session) {
        try {
            publishedTickets.releaseAllOf(session, TableReleased.Reason.SESSION_CLOSED);
        } finally {
            try {
                session.close(); // never throws; logs when the server is already gone
            } finally {
                directory.forget(session);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the container is shutting down: Deephaven sessions are closed");
        }
    }
}
