package dev.deephavencdi.observability.internal;

import java.time.Duration;

/** How long a health check waits for a Deephaven server's answer. */
final class HealthTimeout {
    /**
     * Long enough for a loaded server on another host, short enough that a probe (Kubernetes waits 1 s by default,
     * and retries) never hangs on a dead one for long.
     */
    static final Duration PING = Duration.ofSeconds(2);

    private HealthTimeout() {}
}
