package dev.deephavencdi.cdi.impl;

import static dev.deephavencdi.cdi.impl.ConfigKeys.AUTH;
import static dev.deephavencdi.cdi.impl.ConfigKeys.COMPILER_CACHE_DIR;
import static dev.deephavencdi.cdi.impl.ConfigKeys.ENABLED;
import static dev.deephavencdi.cdi.impl.ConfigKeys.HOST;
import static dev.deephavencdi.cdi.impl.ConfigKeys.PORT;
import static dev.deephavencdi.cdi.impl.ConfigKeys.SESSION_DURATION;
import static dev.deephavencdi.cdi.impl.ConfigKeys.TARGET;
import static dev.deephavencdi.cdi.impl.ConfigKeys.TLS;
import static dev.deephavencdi.cdi.impl.ConfigKeys.TRUST_CERTIFICATE;
import static dev.deephavencdi.cdi.impl.ConfigKeys.UPDATE_CYCLE;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code deephaven.cdi.*} configuration, read from MicroProfile Config and validated as a whole, so a typo or a
 * bad value fails container startup with a message that names the key, the value and what is allowed.
 * Immutable.
 */
final class DeephavenConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DeephavenConfiguration.class);

    private final Map<String, SessionSettings> sessions;
    private final EmbeddedSettings embedded;

    private DeephavenConfiguration(Map<String, SessionSettings> sessions, EmbeddedSettings embedded) {
        this.sessions = sessions;
        this.embedded = embedded;
    }

    /**
     * @throws InvalidConfigurationException for the first unknown key or bad value
     */
    static DeephavenConfiguration read(Config config) {
        Set<String> names = new TreeSet<>(sessionNames(config));
        names.add("");
        Map<String, SessionSettings> sessions = new TreeMap<>();
        for (String name : names) {
            sessions.put(name, readSession(config, name));
        }
        return new DeephavenConfiguration(sessions, readEmbedded(config));
    }

    /**
     * The session names that configuration keys mention, without validating values. Unknown keys that come from
     * environment variables only are ignored with a warning: SmallRye Config lists every variable under a dotted
     * name, and platforms add variables nobody chose (Kubernetes adds {@code <SERVICE>_PORT} for every Service, so a
     * Service named {@code deephaven-cdi-x} would otherwise stop the application).
     *
     * @throws InvalidConfigurationException for a key under {@code deephaven.cdi.} that is not one we know
     */
    static Set<String> sessionNames(Config config) {
        return sessionNames(config.getPropertyNames(), key -> ConfigNamespace.fromEnvironment(config, key));
    }

    /** @see #sessionNames(Config) */
    static Set<String> sessionNames(Iterable<String> propertyNames, Predicate<String> fromEnvironment) {
        Set<String> names = new TreeSet<>();
        for (String key : propertyNames) {
            if (!key.startsWith(ConfigKeys.PREFIX)) {
                continue;
            }
            try {
                sessionNameOfKnownKey(key).ifPresent(names::add);
            } catch (InvalidConfigurationException e) {
                if (!fromEnvironment.test(key)) {
                    throw e;
                }
                log.warn("ignoring environment variable for {}: {}", key, e.getMessage());
            }
        }
        return names;
    }

    /** @return the session name of a valid key, empty for default-session and non-session keys */
    private static Optional<String> sessionNameOfKnownKey(String key) {
        if (key.startsWith(ConfigKeys.SESSION)) {
            String name = sessionNameOf(key);
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } else if (key.startsWith(ConfigKeys.EMBEDDED)) {
            String leaf = key.substring(ConfigKeys.EMBEDDED.length());
            if (!ConfigKeys.EMBEDDED_KEYS.contains(leaf)) {
                throw unknown(key, "known keys under " + ConfigKeys.EMBEDDED + " are " + ConfigKeys.EMBEDDED_KEYS);
            }
        } else if (key.startsWith(ConfigKeys.REST) || key.startsWith(ConfigKeys.HEALTH)) {
            // owned by deephaven-cdi-rest and deephaven-cdi-observability, which validate their keys themselves
        } else {
            throw unknown(key, "keys start with " + ConfigKeys.SESSION + ", " + ConfigKeys.EMBEDDED + ", "
                    + ConfigKeys.REST + " or " + ConfigKeys.HEALTH);
        }
        return Optional.empty();
    }

    /** @return the named session's settings; a name without configuration gets the defaults */
    SessionSettings session(String name) {
        SessionSettings settings = sessions.get(name);
        return settings != null ? settings : defaults(name);
    }

    /** @return every configured session, the default one included */
    Iterable<SessionSettings> sessions() {
        return sessions.values();
    }

    EmbeddedSettings embedded() {
        return embedded;
    }

    private static String sessionNameOf(String key) {
        String rest = key.substring(ConfigKeys.SESSION.length());
        if (ConfigKeys.SESSION_KEYS.contains(rest)) {
            return "";
        }
        String name;
        String leaf;
        if (rest.startsWith("\"")) {
            int close = rest.indexOf('"', 1);
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != '.') {
                throw unknown(key, "a quoted session name must be followed by a key, e.g. "
                        + ConfigKeys.SESSION + "\"my.name\".host");
            }
            name = rest.substring(1, close);
            leaf = rest.substring(close + 2);
        } else {
            int dot = rest.indexOf('.');
            if (dot < 0) {
                throw unknown(key, "known keys are " + ConfigKeys.SESSION + ConfigKeys.SESSION_KEYS
                        + " for the default session and " + ConfigKeys.SESSION + "<name>.<key> for named ones");
            }
            name = rest.substring(0, dot);
            leaf = rest.substring(dot + 1);
        }
        if (name.isBlank() || !ConfigKeys.SESSION_KEYS.contains(leaf)) {
            throw unknown(key, "named session keys are " + ConfigKeys.SESSION + "<name>." + ConfigKeys.SESSION_KEYS);
        }
        return name;
    }

    private static SessionSettings defaults(String name) {
        return new SessionSettings(name, Optional.empty(), ConfigKeys.DEFAULT_PORT, Optional.empty(),
                ConfigKeys.DEFAULT_AUTH, false, Optional.empty());
    }

    private static SessionSettings readSession(Config config, String name) {
        Values values = new Values(config, key -> ConfigKeys.sessionKey(name, key));
        Optional<String> host = values.text(HOST);
        Optional<String> target = values.text(TARGET);
        if (host.isPresent() && target.isPresent()) {
            throw new InvalidConfigurationException(values.key(TARGET), "set either " + values.key(HOST) + "/"
                    + values.key(PORT) + " or " + values.key(TARGET) + ", not both");
        }
        target.ifPresent(value -> requireTarget(values.key(TARGET), value));
        int port = values.port(PORT, ConfigKeys.DEFAULT_PORT, false);
        String auth = values.text(AUTH).orElse(ConfigKeys.DEFAULT_AUTH);
        boolean tls = values.bool(TLS, false);
        Optional<Path> trust = values.path(TRUST_CERTIFICATE, true);
        return new SessionSettings(name, host, port, target, auth, tls, trust);
    }

    private static EmbeddedSettings readEmbedded(Config config) {
        Values values = new Values(config, ConfigKeys::embeddedKey);
        Duration sessionDuration = values.duration(SESSION_DURATION, ConfigKeys.DEFAULT_SESSION_DURATION);
        if (sessionDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigurationException(values.key(SESSION_DURATION),
                    "must be at least 1s (clients ping at a third of it), found " + sessionDuration);
        }
        Duration updateCycle = values.duration(UPDATE_CYCLE, ConfigKeys.DEFAULT_UPDATE_CYCLE);
        if (updateCycle.isZero() || updateCycle.isNegative()) {
            throw new InvalidConfigurationException(values.key(UPDATE_CYCLE), "must be positive, found " + updateCycle);
        }
        Optional<String> psk = values.text(ConfigKeys.PSK);
        boolean anonymous = values.bool(ConfigKeys.ANONYMOUS, false);
        if (anonymous && psk.isPresent()) {
            throw new InvalidConfigurationException(values.key(ConfigKeys.ANONYMOUS), "is true while "
                    + values.key(ConfigKeys.PSK) + " is set; choose one: a key, or anonymous access");
        }
        Optional<String> runningTarget = values.text(ConfigKeys.RUNNING_TARGET);
        Optional<String> runningAuth = values.text(ConfigKeys.RUNNING_AUTH);
        runningTarget.ifPresent(value -> requireTarget(values.key(ConfigKeys.RUNNING_TARGET), value));
        if (runningTarget.isPresent() != runningAuth.isPresent()) {
            throw new InvalidConfigurationException(values.key(runningTarget.isPresent() ? ConfigKeys.RUNNING_AUTH
                    : ConfigKeys.RUNNING_TARGET), "set " + values.key(ConfigKeys.RUNNING_TARGET) + " and "
                    + values.key(ConfigKeys.RUNNING_AUTH) + " together (a running embedded server and its key)");
        }
        return new EmbeddedSettings(
                values.bool(ENABLED, true),
                values.text(HOST).orElse(ConfigKeys.DEFAULT_EMBEDDED_HOST),
                values.port(PORT, ConfigKeys.DEFAULT_EMBEDDED_PORT, true),
                sessionDuration,
                updateCycle,
                values.path(COMPILER_CACHE_DIR, false),
                psk,
                anonymous,
                values.bool(ConfigKeys.FORMULA_ALLOW_LIST, true),
                checked(values, ConfigKeys.FORMULA_ALLOWED_CLASSES, false),
                checked(values, ConfigKeys.FORMULA_ALLOWED_METHODS, true),
                values.size(ConfigKeys.MAX_REQUEST_MEMORY),
                values.size(ConfigKeys.MAX_SESSION_MEMORY),
                runningTarget,
                runningAuth);
    }

    /**
     * An allow-list entry list: classes ({@code java.util.UUID}) or methods ({@code java.util.UUID#randomUUID},
     * {@code class#new} for constructors), whose classes must load, failing on the key. The server checks the
     * same when it starts; here the error names the configuration key.
     */
    private static List<String> checked(Values values, String leaf, boolean methods) {
        List<String> entries = values.list(leaf);
        for (String entry : entries) {
            int hash = entry.indexOf('#');
            if (methods && (hash <= 0 || hash == entry.length() - 1)) {
                throw new InvalidConfigurationException(values.key(leaf), "'" + entry + "' is not a class#method"
                        + " entry; use e.g. java.util.UUID#randomUUID (class#new for constructors)");
            }
            String className = methods ? entry.substring(0, hash) : entry;
            try {
                Class.forName(className, false, DeephavenConfiguration.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidConfigurationException(values.key(leaf), "class '" + className
                        + "' cannot be loaded; give fully qualified names of classes on the application's class path");
            }
        }
        return entries;
    }
    private static void requireTarget(String key, String target) {
        if (!target.matches("dh(\\+plain)?://[^/:]+(:\\d{1,5})?/?")) {
            throw new InvalidConfigurationException(key, "'" + target + "' is not a Deephaven target; use"
                    + " dh+plain://host:port (plaintext) or dh://host:port (TLS)");
        }
    }

    private static InvalidConfigurationException unknown(String key, String allowed) {
        return new InvalidConfigurationException(key, "unknown configuration key; " + allowed);
    }

    /** Typed reads of one group's keys, each error naming the full key. */
    private record Values(Config config, java.util.function.UnaryOperator<String> keys) {
        String key(String leaf) {
            return keys.apply(leaf);
        }

        Optional<String> text(String leaf) {
            Optional<String> value = config.getOptionalValue(key(leaf), String.class).map(String::strip);
            if (value.isPresent() && value.get().isEmpty()) {
                throw new InvalidConfigurationException(key(leaf), "is empty; remove it or give a value");
            }
            return value;
        }

        int port(String leaf, int fallback, boolean zeroAllowed) {
            Optional<String> text = text(leaf);
            if (text.isEmpty()) {
                return fallback;
            }
            int min = zeroAllowed ? 0 : 1;
            try {
                int port = Integer.parseInt(text.get());
                if (port >= min && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidConfigurationException(key(leaf), "'" + text.get() + "' is not a port; use a number"
                    + " from " + min + " to 65535" + (zeroAllowed ? " (0 picks a free port)" : ""));
        }

        boolean bool(String leaf, boolean fallback) {
            Optional<String> text = text(leaf);
            if (text.isEmpty()) {
                return fallback;
            }
            return switch (text.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidConfigurationException(key(leaf), "'" + text.get()
                        + "' is not a boolean; use true or false");
            };
        }

        /** A comma-separated list; empty when the key is absent. */
        List<String> list(String leaf) {
            return text(leaf).map(text -> java.util.Arrays.stream(text.split(",")).map(String::strip)
                    .filter(entry -> !entry.isEmpty()).toList()).orElse(List.of());
        }

        Optional<Long> size(String leaf) {
            Optional<String> text = text(leaf);
            try {
                return text.map(ByteSizeParser::parse);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(key(leaf), e.getMessage());
            }
        }

        Duration duration(String leaf, String fallback) {
            String text = text(leaf).orElse(fallback);
            try {
                return DurationParser.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(key(leaf), e.getMessage());
            }
        }

        Optional<Path> path(String leaf, boolean mustBeReadableFile) {
            Optional<String> text = text(leaf);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Path path;
            try {
                path = Path.of(text.get());
            } catch (InvalidPathException e) {
                throw new InvalidConfigurationException(key(leaf), "'" + text.get() + "' is not a valid path");
            }
            if (mustBeReadableFile && !Files.isReadable(path)) {
                throw new InvalidConfigurationException(key(leaf), "cannot read '" + path.toAbsolutePath()
                        + "'; point it at a PEM file of trusted certificates");
            }
            return Optional.of(path);
        }
    }
}
