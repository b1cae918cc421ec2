package dev.deephavencdi.bench;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.testing.HeaderTokenAuthorization;
import io.deephaven.proto.backplane.grpc.ConfigServiceGrpc;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.ReleaseResponse;
import io.deephaven.proto.backplane.grpc.SessionServiceGrpc;
import io.deephaven.proto.backplane.grpc.TableServiceGrpc;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Deephaven session over the generated stubs, driven as pydeephaven drives them: log in with
 * {@code GetConfigurationConstants} and {@code authorization: Anonymous}, then send the {@code Bearer} value the
 * server returns in response headers on every call. Many sessions may share one channel. Thread-safe.
 */
public final class RawSession {
    private final Channel channel;
    private final AtomicInteger nextExportId = new AtomicInteger(1);
    private final HeaderTokenAuthorization authorization = new HeaderTokenAuthorization("Anonymous");

    private final ConfigServiceGrpc.ConfigServiceBlockingStub config;
    private final SessionServiceGrpc.SessionServiceBlockingStub sessions;
    private final SessionServiceGrpc.SessionServiceStub sessionsAsync;
    private final TableServiceGrpc.TableServiceBlockingStub tables;
    private final TableServiceGrpc.TableServiceStub tablesAsync;

    private RawSession(Channel channel) {
        this.channel = ClientInterceptors.intercept(channel, authorization);
        this.config = ConfigServiceGrpc.newBlockingStub(this.channel);
        this.sessions = SessionServiceGrpc.newBlockingStub(this.channel);
        this.sessionsAsync = SessionServiceGrpc.newStub(this.channel);
        this.tables = TableServiceGrpc.newBlockingStub(this.channel);
        this.tablesAsync = TableServiceGrpc.newStub(this.channel);
    }

    /** Opens a session on the channel (one {@code GetConfigurationConstants}). */
    public static RawSession login(Channel channel) {
        RawSession session = new RawSession(channel);
        session.ping();
        return session;
    }

    /** One authenticated round trip: {@code GetConfigurationConstants}, the clients' keep-alive. */
    public void ping() {
        config.getConfigurationConstants(ConfigurationConstantsRequest.getDefaultInstance());
    }

    /** @return the {@code authorization} value to send, e.g. on a Flight call ({@code Bearer <token>}) */
    public String authorization() {
        return authorization.value();
    }

    /** @return a new export ticket of this session, counting up from 1 like both official clients */
    public Ticket nextExport() {
        return new ExportTicket(nextExportId.getAndIncrement()).toProto();
    }

    public SessionServiceGrpc.SessionServiceBlockingStub sessions() {
        return sessions;
    }

    public SessionServiceGrpc.SessionServiceStub sessionsAsync() {
        return sessionsAsync;
    }

    public TableServiceGrpc.TableServiceBlockingStub tables() {
        return tables;
    }

    public TableServiceGrpc.TableServiceStub tablesAsync() {
        return tablesAsync;
    }

    /** @return the channel with this session's authorization */
    public Channel channel() {
        return channel;
    }

    /** Sends a {@code Release} without waiting; the future completes with the answer. */
    public CompletableFuture<Void> releaseAsync(Ticket ticket) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        sessionsAsync.release(ReleaseRequest.newBuilder().setId(ticket).build(), new StreamObserver<>() {
            @Override
            public void onNext(ReleaseResponse value) {}

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        return done;
    }

    public void release(Ticket ticket) {
        sessions.release(ReleaseRequest.newBuilder().setId(ticket).build());
    }

    /** Closes the session on the server (releasing everything it holds). */
    public void close() {
        sessions.closeSession(HandshakeRequest.getDefaultInstance());
    }
}
