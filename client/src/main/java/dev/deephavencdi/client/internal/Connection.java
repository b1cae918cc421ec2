package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.ClientStatistics;
import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.Session;
import io.deephaven.client.impl.ChannelHelper;
import io.deephaven.client.impl.ClientConfig;
import io.deephaven.client.impl.SessionConfig;
import io.deephaven.client.impl.SessionFactoryConfig;
import io.deephaven.proto.backplane.grpc.AuthenticationConstantsRequest;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one server: the official client's channel and session factory, the scheduler its sessions
 * ping with, a {@link Cleaner} that releases unreachable tables, a pool for the asynchronous calls the official
 * client only offers blocking, and (created on first use) the Arrow allocator Flight reads into.
 *
 * <p>Tracks its open sessions so that closing the connection closes them first. Thread-safe; {@link #close()} is
 * idempotent.
 */
public final class Connection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final ConnectionSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService async;
    // the channel's own event loop and call executor (gRPC's shared ones stop a second after the last channel, on
    // a timer of their own, when an undeployed application's classes may already be gone), so close() can wait for
    // every network thread to end
    private final EventLoopGroup eventLoop;
    private final ExecutorService callbacks;
    private final Cleaner cleaner;
    private final SessionFactoryConfig.Factory factory;
    private final ArrowMemory arrow = new ArrowMemory();
    private final Set<DefaultSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConnectionStatistics statistics = new ConnectionStatistics(sessions);

    public Connection(ConnectionSettings settings) {
        this.settings = settings;
        this.scheduler = Executors.newScheduledThreadPool(1, DaemonThreads.named("deephaven-cdi-client-scheduler"));
        this.async = Executors.newCachedThreadPool(DaemonThreads.named("deephaven-cdi-client-async"));
        // a Cleaner's thread ends once the Cleaner is unreachable and collected, i.e. after this connection
        this.cleaner = Cleaner.create(DaemonThreads.named("deephaven-cdi-client-cleaner"));
        this.eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("deephaven-cdi-client-network", true));
        this.callbacks = Executors.newCachedThreadPool(DaemonThreads.named("deephaven-cdi-client-grpc"));
        ClientConfig.Builder client = ClientConfig.builder().target(settings.target());
        settings.sslConfig().ifPresent(client::ssl);
        try {
            this.factory = SessionFactoryConfig.builder()
                    .clientConfig(client.build())
                    .clientChannelFactory(this::channel)
                    .scheduler(scheduler)
                    .build()
                    .factory();
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            async.shutdownNow();
            callbacks.shutdownNow();
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (settings.ssl() != null) {
                // the channel reads the TLS material eagerly: a bad certificate file shows up here
                throw new IllegalArgumentException("cannot set up TLS to " + settings.targetText() + ": "
                        + e.getMessage() + "; check the trust certificate (a PEM file of CA certificates)", e);
            }
            throw Failures.translate(e, Failures.Action.CONNECT, "creating a channel", settings);
        }
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Opens a session authenticated as configured.
     *
     * @param closesConnection whether closing the session also closes this connection (a private connection)
     * @throws DeephavenException if the server is unreachable or refuses the credentials
     */
    public Session openSession(boolean closesConnection) {
        if (closed.get()) {
            throw SessionContext.closedException("its DeephavenClient was closed", settings);
        }
        io.deephaven.client.impl.Session official;
        try {
            official = factory.newSession(SessionConfig.builder()
                    .authenticationTypeAndValue(settings.authentication())
                    .build());
        } catch (RuntimeException e) {
            throw Failures.translate(e, Failures.Action.CONNECT, "opening a session", settings);
        }
        DefaultSession session = new DefaultSession(this, official, closesConnection);
        sessions.add(session);
        if (closed.get()) {
            session.close(); // lost a race with close(): do not leave a session behind
            throw SessionContext.closedException("its DeephavenClient was closed", settings);
        }
        return session;
    }

    /** @return a read-only view of this connection's sessions and counters */
    public ClientStatistics statistics() {
        return statistics;
    }

    /** @return the counters this connection's sessions add to */
    ConnectionStatistics counters() {
        return statistics;
    }

    /**
     * Asks the server for its authentication constants ({@code GetAuthenticationConstants}, which needs no session
     * and no credentials), as a cheap check that it answers.
     *
     * @return how long the answer took
     * @throws DeephavenException ({@link dev.deephavencdi.client.ServerUnavailableException} when nothing answered
     *     within the timeout) if it did not answer
     */
    public Duration ping(Duration timeout) {
        if (closed.get()) {
            throw SessionContext.closedException("its DeephavenClient was closed", settings);
        }
        long start = System.nanoTime();
        try {
            ConfigServiceGrpc.newBlockingStub(channel())
                    .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .getAuthenticationConstants(AuthenticationConstantsRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            throw Failures.translate(e, Failures.Action.CONNECT, "pinging the server (timeout " + timeout + ")",
                    settings);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    ManagedChannel channel() {
        return factory.managedChannel();
    }

    /** The official client's channel, on this connection's own threads. */
    private ManagedChannel channel(ClientConfig config) {
        return ((NettyChannelBuilder) ChannelHelper.channelBuilder(config))
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .executor(callbacks)
                .intercept(ForeignThreadCleanup.INSTANCE)
                .build();
    }

    Cleaner cleaner() {
        return cleaner;
    }

    ExecutorService async() {
        return async;
    }

    BufferAllocator allocator() {
        return arrow.allocator();
    }

    void onSessionClosed(DefaultSession session) {
        sessions.remove(session);
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes every open session, then the channel and the client's threads. Never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean hadNettyThreadLocals = ForeignThreadCleanup.hadNettyThreadLocals();
        List.copyOf(sessions).forEach(DefaultSession::close);
        ManagedChannel channel = factory.managedChannel();
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        async.shutdownNow();
        callbacks.shutdownNow();
        try {
            if (!eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS)) {
                log.warn("the network thread of the connection to {} did not stop within 10 s",
                        settings.targetText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        arrow.close();
        ForeignThreadCleanup.release(hadNettyThreadLocals); // closing ran Netty code on this (the caller's) thread
        log.debug("closed connection to {}", settings.targetText());
    }
}
