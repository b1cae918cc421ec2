package dev.deephavencdi.deploy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code deephaven.cdi.*} configuration keys, as templates where a named session's name is {@code <name>}
 * ({@code deephaven.cdi.session.<name>.host}), and the ways deployment files spell them: property names, MicroProfile
 * Config environment variable names, and the README's configuration table.
 */
final class ConfigKeyCatalog {
    static final String PREFIX = "deephaven.cdi.";
    static final String ENV_PREFIX = "DEEPHAVEN_CDI_";
    static final String NAME = "<name>";

    private static final List<String> SESSION_LEAVES = List.of("host", "port", "target", "auth", "tls",
            "trust-certificate");

    /**
     * Every key the library reads, written out here so that this check documents them; cross-checked against the
     * library's own {@code dev.deephavencdi.cdi.impl.ConfigKeys} by {@link #fromLibrary()}.
     */
    static final Set<String> KNOWN = Set.copyOf(List.of(
            "deephaven.cdi.session.host",
            "deephaven.cdi.session.port",
            "deephaven.cdi.session.target",
            "deephaven.cdi.session.auth",
            "deephaven.cdi.session.tls",
            "deephaven.cdi.session.trust-certificate",
            "deephaven.cdi.session.<name>.host",
            "deephaven.cdi.session.<name>.port",
            "deephaven.cdi.session.<name>.target",
            "deephaven.cdi.session.<name>.auth",
            "deephaven.cdi.session.<name>.tls",
            "deephaven.cdi.session.<name>.trust-certificate",
            "deephaven.cdi.embedded.enabled",
            "deephaven.cdi.embedded.host",
            "deephaven.cdi.embedded.port",
            "deephaven.cdi.embedded.session-duration",
            "deephaven.cdi.embedded.update-cycle",
            "deephaven.cdi.embedded.compiler-cache-dir",
            "deephaven.cdi.embedded.psk",
            "deephaven.cdi.embedded.anonymous",
            "deephaven.cdi.embedded.formula-allow-list",
            "deephaven.cdi.embedded.formula-allowed-classes",
            "deephaven.cdi.embedded.formula-allowed-methods",
            "deephaven.cdi.embedded.max-request-memory",
            "deephaven.cdi.embedded.max-session-memory",
            "deephaven.cdi.embedded.running-target",
            "deephaven.cdi.embedded.running-auth",
            "deephaven.cdi.embedded.running-options",
            "deephaven.cdi.rest.max-preview-rows",
            "deephaven.cdi.health.timeout"));

    /** A named session's key: the name quoted (may hold dots), a placeholder, or one plain segment. */
    private static final Pattern NAMED_SESSION_KEY = Pattern.compile(
            "deephaven\\.cdi\\.session\\.(?:\"[^\"]*\"|<[^>]*>|[^.\"<>]+)\\.([a-z-]+)");
    private static final Pattern NAMED_SESSION_ENV = Pattern.compile(
            "DEEPHAVEN_CDI_SESSION_([A-Z0-9_]+?)_(" + String.join("|",
                    SESSION_LEAVES.stream().map(ConfigKeyCatalog::envName).toList()) + ")");

    private static final Pattern LEAF_PLACEHOLDER = Pattern.compile("(deephaven\\.cdi\\..+)\\.<[^>]*>");

    private ConfigKeyCatalog() {}

    /**
     * @param key a property name as written, e.g. {@code deephaven.cdi.session."a.b".port}
     * @return its template, e.g. {@code deephaven.cdi.session.<name>.port}; unknown keys map to themselves
     */
    static String template(String key) {
        String trimmed = key.strip();
        Matcher named = NAMED_SESSION_KEY.matcher(trimmed);
        if (!KNOWN.contains(trimmed) && named.matches()) {
            return PREFIX + "session." + NAME + "." + named.group(1);
        }
        return trimmed;
    }

    /**
     * Maps an environment variable back to the key MicroProfile Config reads it for (non-alphanumerics become
     * {@code _}, upper case).
     *
     * @return the key's template, if the variable is the environment form of a known key
     */
    static Optional<String> templateOfEnv(String variable) {
        for (String key : KNOWN) {
            if (!key.contains(NAME) && envName(key).equals(variable)) {
                return Optional.of(key);
            }
        }
        Matcher named = NAMED_SESSION_ENV.matcher(variable);
        if (named.matches()) {
            String leaf = named.group(2).toLowerCase(Locale.ROOT).replace('_', '-');
            return Optional.of(PREFIX + "session." + NAME + "." + leaf);
        }
        return Optional.empty();
    }

    /** @return the MicroProfile Config environment variable name of a property name */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Reads the key templates from the README's configuration table: rows whose first cell holds a backquoted
     * {@code deephaven.cdi.} key. Understands {@code [optional]} parts and {@code {a,b}} alternatives, so that
     * {@code deephaven.cdi.session[."name"].{host,port}} stands for four keys.
     */
    static Set<String> fromReadmeTable(List<String> lines) {
        Set<String> keys = new TreeSet<>();
        Pattern code = Pattern.compile("`(deephaven\\.cdi\\.[^`]+)`");
        for (String line : lines) {
            String row = line.strip();
            if (!row.startsWith("|")) {
                continue;
            }
            String[] cells = row.split("\\|", -1);
            if (cells.length < 3) {
                continue;
            }
            Matcher matcher = code.matcher(cells[1]);
            while (matcher.find()) {
                for (String key : expand(matcher.group(1))) {
                    keys.addAll(expandLeafPlaceholder(key));
                }
            }
        }
        return keys;
    }

    /**
     * A row may stand for a whole group with a placeholder leaf: {@code deephaven.cdi.session."<name>".<key>} is
     * every named-session key.
     *
     * @return the key's template, or the templates of every known key of its group when its leaf is a placeholder
     */
    static Set<String> expandLeafPlaceholder(String key) {
        Matcher placeholder = LEAF_PLACEHOLDER.matcher(key);
        if (!placeholder.matches()) {
            return Set.of(template(key));
        }
        Set<String> keys = new TreeSet<>();
        for (String known : KNOWN) {
            String candidate = template(placeholder.group(1) + known.substring(known.lastIndexOf('.')));
            if (KNOWN.contains(candidate)) {
                keys.add(candidate);
            }
        }
        return keys.isEmpty() ? Set.of(key) : keys;
    }

    /**
     * @return the keys the library defines, as templates: {@code dev.deephavencdi.cdi.impl.ConfigKeys} and the
     *         REST module's {@code dev.deephavencdi.rest.RestConfiguration}
     */
    static Set<String> fromLibrary() throws ReflectiveOperationException {
        Class<?> configKeys = Class.forName("dev.deephavencdi.cdi.impl.ConfigKeys");
        String session = (String) read(configKeys, "SESSION");
        Set<String> keys = new TreeSet<>();
        for (Object leaf : (List<?>) read(configKeys, "SESSION_KEYS")) {
            keys.add(session + leaf);
            keys.add(session + NAME + "." + leaf);
        }
        String embedded = (String) read(configKeys, "EMBEDDED");
        for (Object leaf : (List<?>) read(configKeys, "EMBEDDED_KEYS")) {
            keys.add(embedded + leaf);
        }
        // deephaven-cdi-rest and deephaven-cdi-observability own their keys
        for (String owner : List.of("dev.deephavencdi.rest.RestConfiguration",
                "dev.deephavencdi.observability.internal.HealthTimeout")) {
            Class<?> configuration = Class.forName(owner);
            String prefix = (String) read(configuration, "PREFIX");
            for (Object leaf : (List<?>) read(configuration, "KEYS")) {
                keys.add(prefix + leaf);
            }
        }
        return keys;
    }

    private static Object read(Class<?> type, String name) throws ReflectiveOperationException {
        Field field;
        try {
            field = type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(type.getName() + "." + name + " is gone: update this check to read the key"
                    + " list from where the library keeps it now (or the deephaven-cdi on the test class path is"
                    + " stale: build with -am)", e);
        }
        field.setAccessible(true);
        return field.get(null);
    }

    static List<String> expand(String text) {
        int open = firstOf(text, '[', '{');
        if (open < 0) {
            return List.of(text);
        }
        char opening = text.charAt(open);
        char closing = opening == '[' ? ']' : '}';
        int close = text.indexOf(closing, open);
        if (close < 0) {
            return List.of(text);
        }
        String before = text.substring(0, open);
        String inside = text.substring(open + 1, close);
        String after = text.substring(close + 1);
        List<String> choices = opening == '[' ? List.of("", inside) : List.of(inside.split(",", -1));
        List<String> expanded = new ArrayList<>();
        for (String choice : choices) {
            expanded.addAll(expand(before + choice.strip() + after));
        }
        return expanded;
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
