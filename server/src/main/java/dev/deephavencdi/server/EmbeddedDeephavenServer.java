package dev.deephavencdi.server;

import dev.deephavencdi.proto.Protocol;
import dev.deephavencdi.server.internal.auth.Authenticator;
import dev.deephavencdi.server.internal.auth.SessionInterceptor;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import dev.deephavencdi.server.internal.flight.FlightService;
import dev.deephavencdi.server.internal.formula.FormulaAllowList;
import dev.deephavencdi.server.internal.formula.FormulaGuard;
import dev.deephavencdi.server.internal.flight.LiveTableFeeds;
import dev.deephavencdi.server.internal.console.ConsoleScope;
import dev.deephavencdi.server.internal.grpc.ApplicationService;
import dev.deephavencdi.server.internal.grpc.ConfigService;
import dev.deephavencdi.server.internal.grpc.ConsoleService;
import dev.deephavencdi.server.internal.grpc.SessionService;
import dev.deephavencdi.server.internal.grpc.InputTableService;
import dev.deephavencdi.server.internal.grpc.TableService;
import dev.deephavencdi.server.internal.grpc.UnsupportedMethods;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.SessionManager;
import dev.deephavencdi.server.internal.session.SharedTicketRegistry;
import dev.deephavencdi.server.internal.session.TicketResolver;
import dev.deephavencdi.server.internal.table.MemoryBudget;
import dev.deephavencdi.server.internal.table.TableOperations;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process server that speaks the Deephaven gRPC and Arrow Flight protocol on the real Deephaven engine, on
 * one plaintext HTTP/2 port. The official Deephaven Java client and pydeephaven connect to it as to a real server:
 * sessions, table operations (formulas compiled by the engine), exports, shared tickets and {@code DoGet}, and
 * Barrage snapshots and subscriptions over {@code DoExchange}. Ticking tables (time tables and everything built
 * on them) refresh on the engine's update graph every {@link Builder#updateCycle update cycle}.
 *
 * <p>Shared tickets are deterministic: a ticket stops resolving ({@code NOT_FOUND}) the moment the export it was
 * published from is released, or its session closes or expires. The README lists where status codes differ from
 * the real server on purpose.
 *
 * <p>Safe by default, as the real server: clients authenticate with a pre-shared key (generated and logged when
 * none is configured; {@link Builder#anonymousAccess()} turns that off), formulas may only call what the formula
 * allow list permits, requests plainly beyond the memory budgets are refused before they run, and the server binds
 * to loopback unless told otherwise. Thread-safe; {@link #close()} is idempotent.
 *
 * <pre>{@code
 * try (EmbeddedDeephavenServer server = EmbeddedDeephavenServer.builder().port(0).start()) {
 *     String target = server.target();         // dh+plain://127.0.0.1:<port>
 *     String login = server.authentication();  // "io.deephaven.authentication.psk.PskAuthenticationHandler <key>"
 * }
 * }</pre>
 */
public final class EmbeddedDeephavenServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDeephavenServer.class);

    /** The port a real Deephaven server listens on by default. */
    public static final int DEFAULT_PORT = Protocol.DEFAULT_PORT;

    private final String host;
    private final int port;
    private final String preSharedKey;
    private final Server grpc;
    private final DeephavenEngine engine;
    private final SessionManager sessions;
    private final SharedTicketRegistry sharedTickets;
    private final ExecutorService flightWriters;
    private final ScheduledExecutorService liveTimer;
    // the server's own event loops and call executor (gRPC's shared ones stop a while after the last server, on
    // their own timer), so close() can wait for every network thread to end
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ExecutorService callExecutor;
    private final LiveTableFeeds liveFeeds;
    private final ConsoleScope scope;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDeephavenServer(Builder builder) throws IOException {
        this.host = builder.host;
        this.preSharedKey = builder.anonymous ? null
                : builder.preSharedKey != null ? builder.preSharedKey : generatedKey();
        this.engine = DeephavenEngine.start(builder.compilerCacheDirectory, builder.updateCycle);
        this.sessions = new SessionManager(builder.sessionDuration, builder.maxExportsPerSession);
        this.sharedTickets = new SharedTicketRegistry();
        this.flightWriters = Executors.newCachedThreadPool(daemonThreads("deephaven-cdi-flight-writer"));
        this.liveTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("deephaven-cdi-live-timer"));
        this.liveFeeds = new LiveTableFeeds(engine, flightWriters, liveTimer);
        this.scope = new ConsoleScope(engine);
        TicketResolver tickets = new TicketResolver(sharedTickets, scope);
        Authenticator authenticator = new Authenticator(sessions, preSharedKey);
        this.bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("deephaven-cdi-grpc-boss", true));
        this.workerGroup = new NioEventLoopGroup(0, new DefaultThreadFactory("deephaven-cdi-grpc-worker", true));
        this.callExecutor = Executors.newCachedThreadPool(daemonThreads("deephaven-cdi-grpc-call"));
        try {
            this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName(host), builder.port))
                    .bossEventLoopGroup(bossGroup)
                    .workerEventLoopGroup(workerGroup)
                    .channelType(NioServerSocketChannel.class)
                    .executor(callExecutor)
                    .maxInboundMessageSize(builder.maxInboundMessageSize)
                    .intercept(new SessionInterceptor(authenticator, sessions))
                    .addService(new ConfigService(builder.sessionDuration, preSharedKey != null))
                    .addService(new SessionService(sessions, sharedTickets, tickets))
                    .addService(new TableService(new TableOperations(engine, tickets,
                            new FormulaGuard(builder.formulaAllowList()), builder.memoryBudget())))
                    .addService(new FlightService(tickets, engine, flightWriters, liveFeeds))
                    .addService(new InputTableService(tickets, engine))
                    .addService(new ConsoleService(scope, tickets, engine, !builder.formulaAllowList().enabled()))
                    .addService(new ApplicationService(scope))
                    .fallbackHandlerRegistry(new UnsupportedMethods())
                    .build()
                    .start();
            this.port = grpc.getPort();
        } catch (IOException | RuntimeException e) {
            releaseResources();
            throw e;
        }
    }

    /** @return a builder with the defaults of a real server: port 10000, sessions of 5 minutes, 1 s update cycle */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on (the chosen one when started on port 0) */
    public int port() {
        return port;
    }

    /** @return the address the server is bound to */
    public String host() {
        return host;
    }

    /**
     * @return the target the official Java client takes, {@code dh+plain://host:port}; an unspecified bind address
     *         is reported as {@code localhost}
     */
    public String target() {
        return "dh+plain://" + connectHost() + ":" + port();
    }

    /** @return a host name clients on this machine can connect to */
    public String connectHost() {
        return isWildcard(host) ? "localhost" : host;
    }

    /**
     * @return the {@code authorization} value a client logs in with, {@code "<type> <value>"} as the official
     *         Java client's {@code authenticationTypeAndValue} and pydeephaven's {@code auth_type}/{@code auth_token}
     *         take: {@code io.deephaven.authentication.psk.PskAuthenticationHandler <key>}, or {@code Anonymous}
     *         when the server was started with {@link Builder#anonymousAccess()}
     */
    public String authentication() {
        return preSharedKey == null ? Authenticator.ANONYMOUS : Authenticator.PRE_SHARED_KEY + " " + preSharedKey;
    }

    /** @return whether anonymous clients are accepted (only when configured with {@link Builder#anonymousAccess()}) */
    public boolean isAnonymous() {
        return preSharedKey == null;
    }

    /** @return the session duration clients are told ({@code http.session.durationMs}) */
    public Duration sessionDuration() {
        return sessions.sessionDuration();
    }

    /** @return what the server holds right now */
    public ServerStats stats() {
        var open = sessions.openSessions();
        long exports = open.stream().mapToLong(ServerSession::liveExportCount).sum();
        return new ServerStats(open.size(), exports, sharedTickets.size(), liveFeeds.subscriptionCount());
    }

    /**
     * For tests in this package: the engine table published to a shared ticket, to check its listeners and
     * liveness directly.
     */
    io.deephaven.engine.table.Table publishedTable(dev.deephavencdi.proto.SharedTicket ticket) {
        return sharedTickets.resolve(ticket);
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops the server: no new calls are accepted, live subscriptions end with {@code UNAVAILABLE}, running calls
     * get up to five seconds, then every session is closed (so every export and shared ticket is released) and
     * the engine stops. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            onOwnThread("deephaven-cdi-server-stop", () -> {
                stop();
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // stop() throws none
        }
    }

    private void stop() {
        grpc.shutdown();
        liveFeeds.endAll("the server is shutting down");
        try {
            if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            grpc.shutdownNow();
            Thread.currentThread().interrupt();
        }
        releaseResources();
        log.info("Deephaven-compatible server on port {} stopped", port);
    }

    /**
     * Runs engine and network setup or teardown on a thread of its own that ends with it: the engine and Netty keep
     * per-thread state (liveness scopes, execution contexts, chunk pools) in thread-locals, which on the caller's
     * thread (an application server's deployment thread, which lives on) would keep the application's class loader
     * reachable after undeploy.
     */
    private static <T> T onOwnThread(String name, java.util.concurrent.Callable<T> work) throws IOException {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the embedded Deephaven server was starting or"
                    + " stopping", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Every step runs even when an earlier one fails, so every thread the server started ends. */
    private void releaseResources() {
        try {
            sessions.close();
        } finally {
            try {
                scope.close();
            } finally {
                try {
                    flightWriters.shutdownNow();
                    liveTimer.shutdownNow();
                    callExecutor.shutdownNow();
                    stopNetworkThreads();
                } finally {
                    engine.close();
                }
            }
        }
    }

    private void stopNetworkThreads() {
        Future<?> boss = bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        Future<?> workers = workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            boolean stopped = boss.await(10, TimeUnit.SECONDS) & workers.await(10, TimeUnit.SECONDS)
                    & callExecutor.awaitTermination(10, TimeUnit.SECONDS);
            if (!stopped) {
                log.warn("the network threads of the server on port {} did not stop within 10 s", port);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 128 bits from a {@link java.security.SecureRandom}, as hex: the key when none is configured. */
    private static String generatedKey() {
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.HexFormat.of().formatHex(key);
    }

    /** Logged once when the key was generated: the real server prints its generated key the same way. */
    private String generatedKeyBanner() {
        String host = connectHost();
        return "\n================================================================================"
                + "\nDeephaven-compatible server on " + target() + " requires a pre-shared key. None was"
                + "\nconfigured, so this one was generated for this run:"
                + "\n\n    " + preSharedKey
                + "\n\npydeephaven:"
                + "\n    Session(host=\"" + host + "\", port=" + port + ","
                + " auth_type=\"" + Authenticator.PRE_SHARED_KEY + "\", auth_token=\"" + preSharedKey + "\")"
                + "\nJava (io.deephaven:deephaven-java-client-session):"
                + "\n    factory.newSession(SessionConfig.builder().authenticationTypeAndValue("
                + "\n        \"" + Authenticator.PRE_SHARED_KEY + " " + preSharedKey + "\").build())"
                + "\ndeephaven-cdi client: Session.builder().host(\"" + host + "\").port(" + port + ")"
                + ".authentication(\"" + Authenticator.PRE_SHARED_KEY + " " + preSharedKey + "\").connect()"
                + "\n\nSet a key with --psk / Builder.preSharedKey / deephaven.cdi.embedded.psk, or accept anonymous"
                + "\nclients with --anonymous / Builder.anonymousAccess() / deephaven.cdi.embedded.anonymous=true."
                + "\n================================================================================";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isWildcard(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Configures and starts an {@link EmbeddedDeephavenServer}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Duration sessionDuration = Duration.ofMinutes(5);
        private Duration updateCycle = Duration.ofSeconds(1);
        private Path compilerCacheDirectory = defaultCompilerCacheDirectory();
        private int maxInboundMessageSize = 100 * 1024 * 1024;
        private int maxExportsPerSession = 100_000;
        private String preSharedKey;
        private boolean anonymous;
        private long maxRequestMemory = MemoryBudget.defaults().perRequest();
        private long maxSessionMemory = MemoryBudget.defaults().perSession();
        private boolean formulaAllowListEnabled = true;
        private final List<String> allowedFormulaClasses = new ArrayList<>();
        private final List<String> allowedFormulaMethods = new ArrayList<>();

        private Builder() {}

        /**
         * @param enabled whether formulas are checked against the formula allow list (default {@code true}):
         *        formulas may use the query language, its built-in functions and the classes the real Deephaven
         *        server allows by default; a formula calling anything else (processes, reflection, files,
         *        network, threads, {@code System}) is refused with {@code INVALID_ARGUMENT}. {@code false} runs
         *        any Java a client sends with this process's permissions: only for trusted clients
         */
        public Builder formulaAllowList(boolean enabled) {
            this.formulaAllowListEnabled = enabled;
            return this;
        }

        /**
         * @param classNames fully qualified classes whose every method and constructor formulas may call, in
         *        addition to the defaults
         * @throws IllegalArgumentException if a class cannot be loaded
         */
        public Builder allowFormulaClasses(String... classNames) {
            List<String> names = List.of(classNames);
            FormulaAllowList.defaults(names, List.of());
            allowedFormulaClasses.addAll(names);
            return this;
        }

        /**
         * @param methods methods formulas may call in addition to the defaults, as {@code class#method} (every
         *        overload), e.g. {@code java.util.UUID#randomUUID}; {@code class#new} for constructors
         * @throws IllegalArgumentException if an entry is malformed or its class cannot be loaded
         */
        public Builder allowFormulaMethods(String... methods) {
            List<String> entries = List.of(methods);
            FormulaAllowList.defaults(List.of(), entries);
            allowedFormulaMethods.addAll(entries);
            return this;
        }

        /**
         * @param bytes the most memory one table operation may allocate by the server's estimate (rows x columns
         *        x width of the columns an {@code update} or {@code select} materializes, row redirections of sorts
         *        and joins); a larger request is refused before it runs with {@code RESOURCE_EXHAUSTED}. Default: a
         *        quarter of the maximum heap
         */
        public Builder maxRequestMemory(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("max request memory must be positive, got " + bytes);
            }
            this.maxRequestMemory = bytes;
            return this;
        }

        /**
         * @param bytes the most memory the results one session holds may take together, by the same estimate;
         *        beyond it requests are refused with {@code RESOURCE_EXHAUSTED} until the session releases tables.
         *        Default: half the maximum heap
         */
        public Builder maxSessionMemory(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("max session memory must be positive, got " + bytes);
            }
            this.maxSessionMemory = bytes;
            return this;
        }

        private MemoryBudget memoryBudget() {
            return new MemoryBudget(maxRequestMemory, maxSessionMemory);
        }

        private FormulaAllowList formulaAllowList() {
            return formulaAllowListEnabled
                    ? FormulaAllowList.defaults(allowedFormulaClasses, allowedFormulaMethods)
                    : FormulaAllowList.off();
        }

        /**
         * @param host the address to bind; default {@code 127.0.0.1}. Formulas run with this process's
         *        permissions: bind to other interfaces only on trusted networks, ideally with {@link #preSharedKey}
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** @param port the port to listen on, or 0 for any free port; default 10000 */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param sessionDuration how long a session lives without a call (clients ping at a third or half of it);
         *        default 5 minutes, at least one second
         */
        public Builder sessionDuration(Duration sessionDuration) {
            if (sessionDuration == null || sessionDuration.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("session duration must be at least 1 s (pydeephaven refuses"
                        + " shorter ones), got " + sessionDuration);
            }
            this.sessionDuration = sessionDuration;
            return this;
        }

        /** @param updateCycle the update graph's target cycle for ticking tables; default 1 s */
        public Builder updateCycle(Duration updateCycle) {
            if (updateCycle == null || updateCycle.isNegative() || updateCycle.isZero()) {
                throw new IllegalArgumentException("update cycle must be positive, got " + updateCycle);
            }
            this.updateCycle = updateCycle;
            return this;
        }

        /**
         * @param directory where compiled formula classes are cached across runs; default
         *        {@code ~/.cache/deephaven-cdi/formulas-<engine>-java<N>}
         */
        public Builder compilerCacheDirectory(Path directory) {
            this.compilerCacheDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** @param bytes the largest request message accepted; default 100 MiB */
        public Builder maxInboundMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("max inbound message size must be positive, got " + bytes);
            }
            this.maxInboundMessageSize = bytes;
            return this;
        }

        /** @param max the most exports one session may hold; beyond it requests fail with RESOURCE_EXHAUSTED */
        public Builder maxExportsPerSession(int max) {
            if (max <= 0) {
                throw new IllegalArgumentException("max exports per session must be positive, got " + max);
            }
            this.maxExportsPerSession = max;
            return this;
        }

        /**
         * @param key the pre-shared key clients authenticate with (Deephaven's
         *        {@code io.deephaven.authentication.psk.PskAuthenticationHandler <key>}). Without one (the default)
         *        the server generates a random 128-bit key at start and logs it once, with ready-to-use
         *        connection snippets; {@link EmbeddedDeephavenServer#authentication()} returns it either way
         */
        public Builder preSharedKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("the pre-shared key must not be blank");
            }
            this.preSharedKey = key;
            this.anonymous = false;
            return this;
        }

        /**
         * Accepts anonymous clients ({@code authorization: Anonymous}) instead of requiring the pre-shared key.
         * Every local process (and every container sharing the pod's network) can then open a session: use it
         * for tests and trusted machines only.
         */
        public Builder anonymousAccess() {
            this.anonymous = true;
            this.preSharedKey = null;
            return this;
        }

        /**
         * Starts the server; returns once it accepts connections.
         *
         * @throws UncheckedIOException if the port cannot be bound
         */
        public EmbeddedDeephavenServer start() {
            long begin = System.nanoTime();
            EmbeddedDeephavenServer server;
            try {
                server = onOwnThread("deephaven-cdi-server-start", () -> new EmbeddedDeephavenServer(this));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + host + ":" + port
                        + " (is another server using it? use port 0 for any free port)", e);
            }
            if (!isLoopback(host)) {
                log.warn("listening on {}: formulas run with this process's permissions; expose it only on"
                        + " trusted networks", host);
            }
            log.info("Deephaven-compatible server listening on {} (started in {} ms; {})", server.target(),
                    (System.nanoTime() - begin) / 1_000_000, server.isAnonymous() ? "anonymous clients accepted"
                            : "clients authenticate with the pre-shared key");
            if (!anonymous && preSharedKey == null) {
                log.warn(server.generatedKeyBanner());
            }
            if (!formulaAllowListEnabled) {
                log.warn("the formula allow list is off: formulas run any Java a client sends, with this process's"
                        + " permissions");
            }
            return server;
        }

        private static Path defaultCompilerCacheDirectory() {
            return Path.of(System.getProperty("user.home"), ".cache", "deephaven-cdi",
                    "formulas-" + Protocol.DEEPHAVEN_VERSION + "-java" + Runtime.version().feature());
        }
    }
}
