package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.proto.Protocol;
import java.util.List;

/**
 * Every {@code deephaven.cdi.*} configuration key and its default, in one place. The README's configuration
 * table lists the same keys.
 */
final class ConfigKeys {
    private ConfigKeys() {}

    static final String PREFIX = "deephaven.cdi.";
    static final String SESSION = PREFIX + "session.";
    static final String EMBEDDED = PREFIX + "embedded.";
    /** The optional REST endpoints' keys; deephaven-cdi-rest owns and validates them (its RestConfiguration). */
    static final String REST = PREFIX + "rest.";
    /** The health checks' keys; deephaven-cdi-observability owns and validates them (its HealthTimeout). */
    static final String HEALTH = PREFIX + "health.";

    // per session: deephaven.cdi.session.<key> (default) or deephaven.cdi.session."<name>".<key>
    static final String HOST = "host";
    static final String PORT = "port";
    static final String TARGET = "target";
    static final String AUTH = "auth";
    static final String TLS = "tls";
    static final String TRUST_CERTIFICATE = "trust-certificate";
    static final List<String> SESSION_KEYS = List.of(HOST, PORT, TARGET, AUTH, TLS, TRUST_CERTIFICATE);

    static final int DEFAULT_PORT = Protocol.DEFAULT_PORT;
    static final String DEFAULT_AUTH = Protocol.ANONYMOUS;

    // the embedded server: deephaven.cdi.embedded.<key>
    static final String ENABLED = "enabled";
    static final String SESSION_DURATION = "session-duration";
    static final String UPDATE_CYCLE = "update-cycle";
    static final String COMPILER_CACHE_DIR = "compiler-cache-dir";
    static final String PSK = "psk";
    static final String ANONYMOUS = "anonymous";
    static final String FORMULA_ALLOW_LIST = "formula-allow-list";
    static final String FORMULA_ALLOWED_CLASSES = "formula-allowed-classes";
    static final String FORMULA_ALLOWED_METHODS = "formula-allowed-methods";
    static final String MAX_REQUEST_MEMORY = "max-request-memory";
    static final String MAX_SESSION_MEMORY = "max-session-memory";
    /** An embedded server started outside the container (the Quarkus Dev Service): where it runs, and its key. */
    static final String RUNNING_TARGET = "running-target";
    static final String RUNNING_AUTH = "running-auth";
    /**
     * A fingerprint of that server's options, so that another application of the same JVM (a Quarkus test profile)
     * reuses it only when it would have started the same server; the container itself does not read it.
     */
    static final String RUNNING_OPTIONS = "running-options";
    static final List<String> EMBEDDED_KEYS = List.of(ENABLED, HOST, PORT, SESSION_DURATION, UPDATE_CYCLE,
            COMPILER_CACHE_DIR, PSK, ANONYMOUS, FORMULA_ALLOW_LIST, FORMULA_ALLOWED_CLASSES, FORMULA_ALLOWED_METHODS,
            MAX_REQUEST_MEMORY, MAX_SESSION_MEMORY, RUNNING_TARGET, RUNNING_AUTH, RUNNING_OPTIONS);

    static final String DEFAULT_EMBEDDED_HOST = "127.0.0.1";
    static final int DEFAULT_EMBEDDED_PORT = 0;
    static final String DEFAULT_SESSION_DURATION = "5m";
    static final String DEFAULT_UPDATE_CYCLE = "1s";


    static String sessionKey(String name, String key) {
        return name.isEmpty() ? SESSION + key : SESSION + quote(name) + "." + key;
    }

    static String embeddedKey(String key) {
        return EMBEDDED + key;
    }

    /** Names with dots must be quoted in keys, as in Quarkus: {@code deephaven.cdi.session."a.b".host}. */
    static String quote(String name) {
        return name.contains(".") ? "\"" + name + "\"" : name;
    }
}
