package dev.deephavencdi.server.internal.auth;

import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.SessionManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns an {@code authorization} header into a session, as the real server's authentication handlers do.
 *
 * <ul>
 *   <li>{@code Bearer <token>}: the open session the token belongs to;</li>
 *   <li>{@code Anonymous} (no payload): a new session, unless a pre-shared key is required;</li>
 *   <li>{@code io.deephaven.authentication.psk.PskAuthenticationHandler <key>}: a new session when the key
 *       matches the configured one (Deephaven's pre-shared key handler).</li>
 * </ul>
 * Anything else is refused. Thread-safe.
 */
public final class Authenticator {
    public static final String ANONYMOUS = "Anonymous";
    public static final String PRE_SHARED_KEY = "io.deephaven.authentication.psk.PskAuthenticationHandler";
    private static final String BEARER = "Bearer";

    private final SessionManager sessions;
    private final byte[] preSharedKey;

    /**
     * @param preSharedKey the key clients must present, or null to accept anonymous clients
     */
    public Authenticator(SessionManager sessions, String preSharedKey) {
        this.sessions = sessions;
        this.preSharedKey = preSharedKey == null ? null : preSharedKey.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the session for the header, or null if the header does not authenticate */
    ServerSession authenticate(String authorization) {
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String type = space < 0 ? value : value.substring(0, space);
        String payload = space < 0 ? "" : value.substring(space + 1).strip();
        if (BEARER.equals(type)) {
            return payload.isEmpty() ? null : sessions.sessionForToken(payload);
        }
        if (ANONYMOUS.equals(type)) {
            return preSharedKey == null && payload.isEmpty() ? sessions.newSession() : null;
        }
        if (PRE_SHARED_KEY.equals(type) && preSharedKey != null
                && MessageDigest.isEqual(preSharedKey, payload.getBytes(StandardCharsets.UTF_8))) {
            return sessions.newSession();
        }
        return null;
    }
}
