package dev.deephavencdi.server.internal.auth;

import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.SessionManager;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Resolves the session of every call, Flight included, from its {@code authorization} header, and sends the
 * session's current {@code Bearer} token back in the response <em>headers</em> (pydeephaven reads only those; the
 * official Java client reads headers and trailers). A header that does not authenticate closes the call with
 * {@code UNAUTHENTICATED "Authentication details invalid"} before any service runs, as on the real server; a
 * call without the header proceeds without a session and fails in the service if it needs one.
 */
public final class SessionInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Authenticator authenticator;
    private final SessionManager sessions;

    public SessionInterceptor(Authenticator authenticator, SessionManager sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null) {
            return next.startCall(call, headers);
        }
        ServerSession session = authenticator.authenticate(authorization);
        if (session == null) {
            call.close(Status.UNAUTHENTICATED.withDescription("Authentication details invalid"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        Context context = Context.current().withValue(CallSession.KEY, session);
        return Contexts.interceptCall(context, new TokenSendingCall<>(call, session), headers, next);
    }

    /** Adds the bearer token to the response headers, or to the trailers if the call ends before any header. */
    private final class TokenSendingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
        private final ServerSession session;
        private volatile boolean headersSent;

        TokenSendingCall(ServerCall<ReqT, RespT> delegate, ServerSession session) {
            super(delegate);
            this.session = session;
        }

        @Override
        public void sendHeaders(Metadata headers) {
            addToken(headers);
            headersSent = true;
            super.sendHeaders(headers);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!headersSent) {
                addToken(trailers);
            }
            super.close(status, trailers);
        }

        private void addToken(Metadata metadata) {
            String token = sessions.refreshToken(session);
            if (token != null) {
                metadata.put(AUTHORIZATION, "Bearer " + token);
            }
        }
    }
}
