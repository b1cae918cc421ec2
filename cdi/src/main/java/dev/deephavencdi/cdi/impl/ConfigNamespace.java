package dev.deephavencdi.cdi.impl;

import dev.deephavencdi.cdi.InvalidConfigurationException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * The check each module that owns a {@code deephaven.cdi.*} namespace (the core, {@code deephaven-cdi-rest},
 * {@code deephaven-cdi-observability}) makes of its keys, so that all refuse a typo the same way.
 */
public final class ConfigNamespace {
    private ConfigNamespace() {}

    /**
     * Refuses a key under {@code prefix} that is not one of {@code keys}, unless it comes only from environment
     * variables: those are set for many programs at once, and not ours to refuse.
     *
     * @throws InvalidConfigurationException naming the first unknown key and the known ones
     */
    public static void requireKnownKeys(Config config, String prefix, List<String> keys) {
        for (String key : config.getPropertyNames()) {
            if (key.startsWith(prefix) && !keys.contains(key.substring(prefix.length()))
                    && !fromEnvironment(config, key)) {
                throw new InvalidConfigurationException(key, "unknown configuration key; known keys under "
                        + prefix + " are " + keys);
            }
        }
    }

    /** @return whether the key's value comes from an environment variable */
    public static boolean fromEnvironment(Config config, String key) {
        ConfigValue value = config.getConfigValue(key);
        String source = value == null ? null : value.getSourceName();
        return source != null && source.toLowerCase(Locale.ROOT).contains("env");
    }
}
