package dev.deephavencdi.server.internal.session;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates sessions, issues and rotates their bearer tokens, and expires sessions nobody keeps alive.
 *
 * <p>Token rules follow the real server: a token is valid for the session duration from when it was minted; an
 * authenticated call mints a new token once the current one is older than a fifth of the duration (older tokens
 * stay valid until their own deadline); the session expires when its newest token does. An expired session is
 * closed, which releases all of its exports and shared tickets. Tokens are 128 bits from a {@link SecureRandom},
 * written in UUID form (8-4-4-4-12 hex digits) because that is what the real server sends and what the official
 * client's {@code getCurrentToken()} parses; unlike {@link UUID#randomUUID()} no bit is fixed.
 *
 * <p>Thread-safe.
 */
public final class SessionManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

    private final long durationNanos;
    private final long rotateAfterNanos;
    private final int maxExportsPerSession;
    private final Map<String, TokenGrant> tokens = new ConcurrentHashMap<>();
    private final Map<ServerSession, SessionTokens> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private final SecureRandom random = new SecureRandom();

    private record TokenGrant(ServerSession session, long deadlineNanos) {}

    /** The newest token of a session; its deadline is the session's deadline. Guarded by itself. */
    private static final class SessionTokens {
        final ArrayDeque<String> unexpired = new java.util.ArrayDeque<>();
        String token;
        long mintedAtNanos;
        long deadlineNanos;
    }

    public SessionManager(Duration sessionDuration, int maxExportsPerSession) {
        this.durationNanos = sessionDuration.toNanos();
        this.rotateAfterNanos = durationNanos / 5;
        this.maxExportsPerSession = maxExportsPerSession;
        this.reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deephaven-cdi-session-reaper");
            thread.setDaemon(true);
            return thread;
        });
        long periodMillis = Math.max(50, Math.min(1000, sessionDuration.toMillis() / 10));
        reaper.scheduleWithFixedDelay(this::expireDue, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** @return the session duration, which clients read as {@code http.session.durationMs} */
    public Duration sessionDuration() {
        return Duration.ofNanos(durationNanos);
    }

    /** Opens a new session with a fresh token. */
    public ServerSession newSession() {
        ServerSession session = new ServerSession(UUID.randomUUID().toString().substring(0, 8), maxExportsPerSession);
        SessionTokens state = new SessionTokens();
        synchronized (state) {
            mint(session, state, System.nanoTime());
        }
        sessions.put(session, state);
        log.debug("opened {}", session);
        return session;
    }

    /** @return the open session the token belongs to, or null if the token is unknown, expired or closed */
    public ServerSession sessionForToken(String token) {
        TokenGrant grant = tokens.get(token);
        if (grant == null || grant.session().isClosed() || System.nanoTime() - grant.deadlineNanos() > 0) {
            return null;
        }
        return grant.session();
    }

    /**
     * Returns the token to send back on an authenticated call, minting a new one (which extends the session) when
     * the current one is older than a fifth of the session duration.
     */
    public String refreshToken(ServerSession session) {
        SessionTokens state = sessions.get(session);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            long now = System.nanoTime();
            if (now - state.mintedAtNanos >= rotateAfterNanos && !session.isClosed()) {
                mint(session, state, now);
            }
            return state.token;
        }
    }

    private void mint(ServerSession session, SessionTokens state, long now) {
        // tokens are minted in deadline order, so the expired ones are at the head
        while (!state.unexpired.isEmpty() && tokens.get(state.unexpired.peekFirst()) == null) {
            state.unexpired.removeFirst();
        }
        state.token = newToken();
        state.mintedAtNanos = now;
        state.deadlineNanos = now + durationNanos;
        state.unexpired.addLast(state.token);
        tokens.put(state.token, new TokenGrant(session, state.deadlineNanos));
    }

    private String newToken() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        ByteBuffer buffer = ByteBuffer.wrap(bits);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    /** Closes a session: every export and shared ticket it holds is released before this returns. Idempotent. */
    public void close(ServerSession session) {
        SessionTokens state = sessions.remove(session);
        if (state != null) {
            synchronized (state) {
                state.unexpired.forEach(tokens::remove);
            }
            log.debug("closing {}", session);
        }
        session.close();
    }

    /** @return the open sessions */
    public List<ServerSession> openSessions() {
        return List.copyOf(sessions.keySet());
    }

    private void expireDue() {
        try {
            long now = System.nanoTime();
            sessions.forEach((session, state) -> {
                boolean expired;
                synchronized (state) {
                    expired = now - state.deadlineNanos > 0;
                }
                if (expired) {
                    log.info("{} expired after {} ms without a call; releasing its exports",
                            session, Duration.ofNanos(durationNanos).toMillis());
                    close(session);
                }
            });
            tokens.values().removeIf(grant -> now - grant.deadlineNanos() > 0);
        } catch (RuntimeException e) {
            log.warn("session expiry sweep failed; will retry", e);
        }
    }

    /** Closes every session and stops expiring them. */
    @Override
    public void close() {
        reaper.shutdownNow();
        openSessions().forEach(this::close);
    }
}
