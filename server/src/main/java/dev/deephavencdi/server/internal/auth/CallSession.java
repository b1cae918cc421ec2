package dev.deephavencdi.server.internal.auth;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.session.ServerSession;
import io.grpc.Context;

/** The session of the gRPC call being served, as resolved by {@link SessionInterceptor}. */
public final class CallSession {
    static final Context.Key<ServerSession> KEY = Context.key("deephaven-cdi-session");

    private CallSession() {}

    /**
     * @return the calling session
     * @throws io.grpc.StatusRuntimeException {@code UNAUTHENTICATED} if the call carried no session
     */
    public static ServerSession require() {
        ServerSession session = KEY.get();
        if (session == null) {
            throw ServerErrors.unauthenticated("no session: send 'authorization: Anonymous' (or your auth type) on "
                    + "ConfigService/GetConfigurationConstants, then the returned 'Bearer <token>' on every call");
        }
        if (session.isClosed()) {
            throw ServerErrors.unauthenticated("session " + session.logId() + " is closed; open a new session");
        }
        return session;
    }
}
