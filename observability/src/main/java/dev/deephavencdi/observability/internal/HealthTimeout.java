package dev.deephavencdi.observability.internal;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import dev.deephavencdi.cdi.impl.ConfigNamespace;
import dev.deephavencdi.cdi.impl.DurationParser;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How long a health check waits for a Deephaven server's answer: {@code deephaven.cdi.health.timeout}, a namespace
 * this module owns (the CDI core leaves it to it). Read and validated at container startup, so a typo or a bad
 * value fails startup with a message naming the key.
 */
@ApplicationScoped
public class HealthTimeout {
    static final String PREFIX = "deephaven.cdi.health.";
    static final String TIMEOUT = "timeout";
    static final List<String> KEYS = List.of(TIMEOUT);
    /**
     * Long enough for a loaded server on another host, short enough that a probe (Kubernetes waits 1 s by default,
     * and retries) never hangs on a dead one for long.
     */
    static final Duration DEFAULT = Duration.ofSeconds(2);
    /** A probe that waits longer than this has stopped being a health check (and gRPC deadlines overflow far out). */
    static final Duration MAX = Duration.ofHours(1);

    private volatile Duration timeout;

    void onStartup(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) Startup startup) {
        get();
    }

    /** @return how long a check waits for a server's answer */
    Duration get() {
        Duration known = timeout;
        if (known == null) {
            known = read(ConfigProvider.getConfig());
            timeout = known;
        }
        return known;
    }

    /** @throws InvalidConfigurationException for an unknown key under {@link #PREFIX} or a bad value */
    static Duration read(Config config) {
        ConfigNamespace.requireKnownKeys(config, PREFIX, KEYS);
        String key = PREFIX + TIMEOUT;
        Optional<String> text = config.getOptionalValue(key, String.class).map(String::strip);
        if (text.isEmpty()) {
            return DEFAULT;
        }
        Duration parsed;
        try {
            parsed = DurationParser.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, e.getMessage());
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new InvalidConfigurationException(key, "'" + text.get() + "' is not a positive duration");
        }
        if (parsed.compareTo(MAX) > 0) {
            throw new InvalidConfigurationException(key, "'" + text.get() + "' is longer than " + MAX
                    + "; a health check should answer a probe within seconds");
        }
        return parsed;
    }
}
